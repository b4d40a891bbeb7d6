import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiArgs } from '../../shared/api';
import { IngestJobs, ingestArgs } from '../../shared/api/ingest';
import { writeHostileBundle } from '../../test/e2e/bundles';
import { createEngineApi } from '../engine/api';
import { ingestBundle } from '../engine/ingest';
import { openWorkspace, type Db } from '../engine/store/workspace';
import { APP_API_METHODS, registerIpc, type AppApi, type IpcReply } from './ipc';
import { apiMethodsFromArgv } from './preload';
import { secureWebPreferences } from './security';
import { registerShellIpc, SHELL_CHANNELS } from './shell-ipc';

// The preload runs its exposeInMainWorld calls on import; give it an inert electron.
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
  webUtils: { getPathForFile: vi.fn() },
}));

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** ipcMain as the app uses it; replies cross a structured clone, as they do between processes. */
class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  handle(channel: string, h: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, h);
  }
  async invoke(channel: string, event: IpcMainInvokeEvent, ...args: unknown[]): Promise<IpcReply> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return structuredClone((await h(event, ...structuredClone(args))) as IpcReply);
  }
}

const TRUSTED = { senderFrame: { url: 'app://nodescope/index.html' } } as unknown as IpcMainInvokeEvent;
const FOREIGN = { senderFrame: { url: 'https://evil.example/' } } as unknown as IpcMainInvokeEvent;
const trusted = (e: IpcMainInvokeEvent): boolean => e === TRUSTED;

// Arguments no method accepts: too many, and of the wrong types.
const GARBAGE = ['x'.repeat(5000), -1, { __proto__: { polluted: true } }, [1, 2], null, 7];

describe('IPC: every handler checks its sender and its arguments before the engine runs', () => {
  let db: Db;
  let dir: string;
  let bundleId: number;
  const ipc = new FakeIpcMain();
  const engineCalls: string[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-ipc-'));
    db = openWorkspace(path.join(dir, 'w.db'));
    bundleId = (await ingestBundle(db, await writeHostileBundle(dir))).id;
    const jobs = new IngestJobs((p, onProgress, signal) => ingestBundle(db, p, { onProgress, signal }));
    const api: AppApi = { ...createEngineApi(db), startIngest: (p) => jobs.startIngest(p), ingestJobs: () => jobs.ingestJobs(), cancelIngest: (id) => jobs.cancelIngest(id) };
    // Record which engine methods actually ran.
    const recorded = new Proxy(api, {
      get: (target, key: string) => {
        const v = target[key as keyof AppApi];
        return typeof v === 'function' ? (...a: unknown[]) => (engineCalls.push(key), (v as (...x: unknown[]) => unknown)(...a)) : v;
      },
    });
    registerIpc(ipc, recorded, trusted);
    registerShellIpc(ipc, { openDialog: async () => void engineCalls.push('openDialog'), openDropped: (p) => void engineCalls.push(`openDropped:${p}`) }, trusted);
  });
  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('registers one channel per API method, and the preload gets exactly those names', () => {
    const expected = Object.keys({ ...apiArgs, ...ingestArgs }).sort();
    expect([...APP_API_METHODS].sort()).toEqual(expected);
    expect([...ipc.handlers.keys()].sort()).toEqual([...expected.map((m) => `nodescope:${m}`), ...SHELL_CHANNELS].sort());
    expect(apiMethodsFromArgv(secureWebPreferences('/p.js', APP_API_METHODS).additionalArguments ?? []).sort()).toEqual(expected);
  });

  it('refuses every channel to a sender that is not our window, without calling the engine', async () => {
    for (const channel of ipc.handlers.keys()) {
      for (const event of [FOREIGN, { senderFrame: null } as unknown as IpcMainInvokeEvent]) {
        const reply = await ipc.invoke(channel, event, bundleId);
        expect(reply, channel).toMatchObject({ ok: false, code: 'untrusted-sender' });
      }
    }
    expect(engineCalls).toEqual([]);
  });

  it('refuses malformed arguments on every channel, without calling the engine', async () => {
    for (const channel of ipc.handlers.keys()) {
      const reply = await ipc.invoke(channel, TRUSTED, ...GARBAGE);
      expect(reply, channel).toMatchObject({ ok: false, code: 'bad-arguments' });
    }
    expect((await ipc.invoke('nodescope:getBundle', TRUSTED, '1 OR 1=1')).ok).toBe(false);
    expect((await ipc.invoke('nodescope:searchLogs', TRUSTED, { bundle: bundleId, text: 'x', sql: 'DROP' })).ok).toBe(false);
    expect(engineCalls).toEqual([]);
  });

  it('fleet: refuses fewer than two bundles, a bundle twice, and a bundle in both groups, without calling the engine', async () => {
    expect(await ipc.invoke('nodescope:fleet', TRUSTED, [bundleId])).toMatchObject({ ok: false, code: 'bad-arguments' });
    expect(await ipc.invoke('nodescope:fleet', TRUSTED, [bundleId, bundleId])).toMatchObject({ ok: false, code: 'bad-arguments', error: expect.stringMatching(/twice/) });
    expect(await ipc.invoke('nodescope:fleet', TRUSTED, [bundleId, 'x'])).toMatchObject({ ok: false, code: 'bad-arguments' });
    expect(await ipc.invoke('nodescope:fleetGroups', TRUSTED, [bundleId], [bundleId])).toMatchObject({ ok: false, code: 'bad-arguments', error: expect.stringMatching(/both groups/) });
    expect(engineCalls).toEqual([]);
  });

  it('answers a trusted, well-formed call with the engine result', async () => {
    const list = await ipc.invoke('nodescope:listBundles', TRUSTED);
    expect(list.ok && (list.value as { node: string }[]).map((b) => b.node)).toEqual(['evil-node']);
    const failed = await ipc.invoke('nodescope:getBundle', TRUSTED, 999);
    expect(failed).toMatchObject({ ok: false, code: 'failed' });
    expect(engineCalls).toEqual(['listBundles', 'getBundle']);
  });

  it('starts an ingest job from a trusted call and reports it', async () => {
    const started = await ipc.invoke('nodescope:startIngest', TRUSTED, path.join(dir, 'missing.tar.gz'));
    expect(started.ok).toBe(true);
    let jobs: { state: string; error: string | null }[] = [];
    for (let i = 0; i < 100 && !jobs.some((j) => j.state !== 'running'); i++) {
      const r = await ipc.invoke('nodescope:ingestJobs', TRUSTED);
      jobs = r.ok ? (r.value as typeof jobs) : [];
      await new Promise((res) => setTimeout(res, 10));
    }
    expect(jobs[0].state).toBe('failed');
    expect(jobs[0].error).toContain('missing.tar.gz');
  });
});
