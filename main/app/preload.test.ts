import { describe, expect, it, vi } from 'vitest';

// Main passes the method names through additionalArguments; the preload reads them when it loads.
vi.hoisted(() => process.argv.push('--nodescope-methods=listBundles,getBundle,bad-name!,searchLogs'));

const { exposed, listeners, invoke } = vi.hoisted(() => ({
  exposed: new Map<string, Record<string, unknown>>(),
  listeners: new Map<string, (...a: unknown[]) => void>(),
  invoke: async (channel: string, ...args: unknown[]): Promise<unknown> => {
    if (channel === 'nodescope:getBundle' && args[0] === 404) return { ok: false, error: 'bundle 404 is not in the workspace' };
    return { ok: true, value: { channel, args } };
  },
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, value: Record<string, unknown>) => exposed.set(name, value) },
  ipcRenderer: {
    invoke,
    on: (channel: string, l: (...a: unknown[]) => void) => listeners.set(channel, l),
    removeListener: (channel: string) => listeners.delete(channel),
  },
  webUtils: { getPathForFile: () => '/home/op/bundle.tar.gz' },
}));

import './preload';

describe('the preload exposes the API and nothing more', () => {

  it('exposes two objects: nodescope (API methods only) and nodescopeShell', () => {
    expect([...exposed.keys()].sort()).toEqual(['nodescope', 'nodescopeShell']);
    expect(Object.keys(exposed.get('nodescope') ?? {}).sort()).toEqual(['getBundle', 'listBundles', 'searchLogs']);
    expect(Object.keys(exposed.get('nodescopeShell') ?? {}).sort()).toEqual(['onCommand', 'openDialog', 'openDropped', 'pathForFile']);
    expect(Object.isFrozen(exposed.get('nodescope'))).toBe(true);
  });

  it('turns each call into an invoke on nodescope:<method>, and an error reply into a thrown Error', async () => {
    const api = exposed.get('nodescope') as Record<string, (...a: unknown[]) => Promise<unknown>>;
    expect(await api.searchLogs({ bundle: 1, text: 'oom' })).toEqual({ channel: 'nodescope:searchLogs', args: [{ bundle: 1, text: 'oom' }] });
    await expect(api.getBundle(404)).rejects.toThrow('bundle 404 is not in the workspace');
  });

  it('never hands the page the IPC event: menu commands arrive as plain strings', () => {
    const shell = exposed.get('nodescopeShell') as { onCommand: (l: (...a: unknown[]) => void) => () => void };
    const received: unknown[][] = [];
    const off = shell.onCommand((...a) => received.push(a));
    const fakeEvent = { sender: { send: () => undefined }, ports: [] };
    listeners.get('nodescope-shell:command')?.(fakeEvent, 'view:logs');
    listeners.get('nodescope-shell:command')?.(fakeEvent, { not: 'a string' });
    expect(received).toEqual([['view:logs']]);
    off();
    expect(listeners.has('nodescope-shell:command')).toBe(false);
  });
});
