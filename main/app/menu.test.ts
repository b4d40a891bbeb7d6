import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { addRecent, bundlePathsFromArgv, menuTemplate } from './menu';

function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? items(i.submenu) : [])]);
}

describe('the application menu', () => {
  const sent: string[] = [];
  const opened: string[] = [];
  const template = menuTemplate(
    { open: () => opened.push('dialog'), openRecent: (p) => opened.push(p), clearRecent: () => undefined, send: (c) => sent.push(c), about: () => undefined },
    ['/bundles/node-a.tar.gz'],
    'linux',
  );

  it('opens bundles with Ctrl+O and from the recent list', () => {
    const all = items(template);
    const open = all.find((i) => i.label === 'Open Bundle…');
    expect(open?.accelerator).toBe('CmdOrCtrl+O');
    (open?.click as () => void)();
    (all.find((i) => i.label === '/bundles/node-a.tar.gz')?.click as () => void)();
    expect(opened).toEqual(['dialog', '/bundles/node-a.tar.gz']);
  });

  it('switches views with Ctrl+1..9 and has no duplicate shortcut', () => {
    const all = items(template);
    (all.find((i) => i.label === 'Logs')?.click as () => void)();
    expect(sent).toEqual(['view:logs']);
    const keys = all.map((i) => i.accelerator).filter(Boolean);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps ten recent bundles, newest first, without duplicates', () => {
    let recent: string[] = [];
    for (let i = 0; i < 12; i++) recent = addRecent(recent, `/b/${i}.tar.gz`);
    recent = addRecent(recent, '/b/5.tar.gz');
    expect(recent[0]).toBe('/b/5.tar.gz');
    expect(recent).toHaveLength(10);
    expect(new Set(recent).size).toBe(10);
  });

  it('takes bundle paths from the command line of the packaged and the unpackaged app', () => {
    expect(bundlePathsFromArgv(['/opt/nodescope/nodescope', '/tmp/a.tar.gz', '--no-sandbox'], true)).toEqual(['/tmp/a.tar.gz']);
    expect(bundlePathsFromArgv(['/usr/bin/electron', '.', '/tmp/b.tgz'], false)).toEqual(['/tmp/b.tgz']);
  });
});
