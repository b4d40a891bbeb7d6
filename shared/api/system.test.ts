import { describe, expect, it } from 'vitest';
import { ArgError } from './args';
import { k8sArgs } from './k8s';
import { processesArgs } from './processes';
import { systemArgs } from './system';

// Arguments arrive from the renderer over IPC or HTTP: each method takes exactly one bundle id.
const methods = { ...systemArgs, ...processesArgs, ...k8sArgs };

describe('argument validators of the System, Processes and Kubernetes areas', () => {
  it.each(Object.entries(methods))('%s takes one bundle id', (_name, validate) => {
    expect(validate([3])).toEqual([3]);
    for (const bad of [[], [0], ['3'], [1.5], [null], [3, 4], [{ id: 3 }]]) {
      expect(() => validate(bad)).toThrow(ArgError);
    }
  });

  it('covers every method of the three areas', () => {
    expect(Object.keys(methods).sort()).toEqual(
      ['dStateGroups', 'k8sDeployments', 'k8sEvents', 'k8sNodes', 'k8sPods', 'processTree', 'processes', 'system'].sort(),
    );
  });
});
