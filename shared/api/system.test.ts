import { describe, expect, it } from 'vitest';
import { ArgError } from './args';
import { k8sArgs } from './k8s';
import { processesArgs } from './processes';
import { systemArgs } from './system';

// Arguments arrive from the renderer over IPC or HTTP: each method takes exactly one bundle id, but
// threadStates, which takes a bundle id and optionally a pid.
const { threadStates, ...processesOneId } = processesArgs;
const methods = { ...systemArgs, ...processesOneId, ...k8sArgs };

describe('argument validators of the System, Processes and Kubernetes areas', () => {
  it.each(Object.entries(methods))('%s takes one bundle id', (_name, validate) => {
    expect(validate([3])).toEqual([3]);
    for (const bad of [[], [0], ['3'], [1.5], [null], [3, 4], [{ id: 3 }]]) {
      expect(() => validate(bad)).toThrow(ArgError);
    }
  });

  it('threadStates takes a bundle id and an optional pid', () => {
    expect(threadStates([3])).toEqual([3, undefined]);
    expect(threadStates([3, 4242])).toEqual([3, 4242]);
    for (const bad of [[], [0], ['3'], [3, 0], [3, '4'], [3, 1.5], [3, 4, 5]]) {
      expect(() => threadStates(bad)).toThrow(ArgError);
    }
  });

  it('covers every method of the three areas', () => {
    expect([...Object.keys(methods), 'threadStates'].sort()).toEqual(
      ['dStateGroups', 'k8sDeployments', 'k8sEvents', 'k8sNodes', 'k8sPods', 'processTree', 'processes', 'system', 'threadStates'].sort(),
    );
  });
});
