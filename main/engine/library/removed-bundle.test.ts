import { describe, expect, it } from 'vitest';
import { createEngineApi } from '../api';
import { addBundle, memoryWorkspace } from '../system/testing/bundle';
import { NotFoundError } from './api';

// A view left open on a bundle removed from another window must say it is gone, not "Not collected".
describe('the per-bundle views of a bundle removed from the workspace', () => {
  const db = memoryWorkspace();
  const api = createEngineApi(db);
  const id = addBundle(db, [{ path: 'proc/loadavg', kind: 'proc-loadavg', bytes: Buffer.from('0.10 0.20 0.30 1/100 42\n') }]);

  it('answers while the bundle is there, and refuses it with NotFoundError once removed', async () => {
    expect((await api.system(id)).load).not.toBeNull();
    await api.removeBundle(id);
    const calls: [string, () => Promise<unknown>][] = [
      ['system', () => api.system(id)],
      ['processes', () => api.processes(id)],
      ['k8sNodes', () => api.k8sNodes(id)],
      ['k8sPods', () => api.k8sPods(id)],
      ['dns', () => api.dns(id)],
      ['iptables', () => api.iptables(id)],
    ];
    for (const [name, call] of calls) {
      const e = await call().then(() => null, (err: unknown) => err);
      expect(e, name).toBeInstanceOf(NotFoundError);
      expect((e as Error).message, name).toBe(`no bundle with id ${id} in the workspace`);
    }
  });
});
