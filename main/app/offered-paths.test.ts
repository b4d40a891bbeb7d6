import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerShellIpc } from './shell-ipc';
import { NotOfferedError, OfferedPaths } from './offered-paths';

describe('paths the renderer may ingest', () => {
  it('are only those the user gave: dialog, drop, command line', () => {
    const offered = new OfferedPaths();
    const given = offered.offer('bundles/../bundles/node1.tar.gz');
    expect(given).toBe(path.resolve('bundles/node1.tar.gz'));
    expect(offered.allows(given)).toBe(true);
    expect(offered.allows('/etc/shadow')).toBe(false);
    expect(offered.allows(`${path.dirname(given)}/../bundles/node1.tar.gz`)).toBe(true);
    expect(offered.allows('bundles/node1.tar.gz')).toBe(false); // relative: never
    expect(new NotOfferedError('/etc/shadow').message).toMatch(/^refused: \/etc\/shadow was not chosen/);
  });

  it('takes a drop over its own channel, from the trusted window only, with one path', async () => {
    const handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
    const dropped: string[] = [];
    let trustedNow = true;
    registerShellIpc({ handle: (c: string, h: (event: unknown, ...args: unknown[]) => Promise<unknown>) => void handlers.set(c, h) } as never, { openDialog: async () => undefined, openDropped: (p) => void dropped.push(p) }, () => trustedNow);
    const drop = handlers.get('nodescope-shell:open-dropped')!;
    expect(await drop({}, '/home/me/node1.tar.gz')).toEqual({ ok: true, value: null });
    expect(await drop({}, 42)).toMatchObject({ ok: false, code: 'bad-arguments' });
    expect(await drop({}, '/a', '/b')).toMatchObject({ ok: false, code: 'bad-arguments' });
    trustedNow = false;
    expect(await drop({}, '/etc/shadow')).toMatchObject({ ok: false, code: 'untrusted-sender' });
    expect(dropped).toEqual(['/home/me/node1.tar.gz']);
  });
});
