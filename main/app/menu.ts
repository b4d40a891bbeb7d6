import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  open: () => void;
  openRecent: (path: string) => void;
  clearRecent: () => void;
  /** A command for the renderer: "route:#/", "view:logs", "focus-search". */
  send: (command: string) => void;
  about: () => void;
}

const VIEW_ITEMS: [string, string][] = [
  ['overview', 'Overview'],
  ['findings', 'Findings'],
  ['logs', 'Logs'],
  ['artifacts', 'Artifacts'],
  ['kubernetes', 'Kubernetes'],
  ['processes', 'Processes'],
  ['network', 'Network'],
  ['dns', 'DNS'],
  ['system', 'System'],
  ['profiles', 'Profiles'],
];

/** The application menu, with keyboard shortcuts; pure so it can be checked without Electron. */
export function menuTemplate(actions: MenuActions, recent: string[], platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open Bundle…', accelerator: 'CmdOrCtrl+O', click: actions.open },
      {
        label: 'Open Recent',
        submenu: [
          ...recent.map((p) => ({ label: p, click: () => actions.openRecent(p) })),
          ...(recent.length ? [{ type: 'separator' as const }] : []),
          { label: 'Clear Recent', enabled: recent.length > 0, click: actions.clearRecent },
        ],
      },
      { type: 'separator' },
      { label: 'Library', accelerator: 'CmdOrCtrl+L', click: () => actions.send('route:#/') },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...VIEW_ITEMS.map(([name, label], i): MenuItemConstructorOptions => ({
        label,
        accelerator: `CmdOrCtrl+${(i + 1) % 10}`,
        click: () => actions.send(`view:${name}`),
      })),
      { type: 'separator' },
      { label: 'Search Logs', accelerator: 'CmdOrCtrl+F', click: () => actions.send('view:logs') },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      { role: 'toggleDevTools' },
    ],
  };
  const edit: MenuItemConstructorOptions = { role: 'editMenu' };
  const help: MenuItemConstructorOptions = { role: 'help', submenu: [{ label: 'About nodescope', click: actions.about }] };
  return [...(mac ? [{ role: 'appMenu' as const }] : []), file, edit, view, { role: 'windowMenu' }, help];
}

/** Most recent first, no duplicates, at most ten. */
export function addRecent(recent: string[], path: string, max = 10): string[] {
  return [path, ...recent.filter((p) => p !== path)].slice(0, max);
}

/** Bundles named on the command line (Windows and Linux file associations pass them so). */
export function bundlePathsFromArgv(argv: string[], isPackaged: boolean): string[] {
  // Unpackaged: `electron . FILE` has argv [electron, ., FILE]; packaged: [app, FILE].
  const rest = argv.slice(isPackaged ? 1 : 2);
  return rest.filter((a) => a !== '.' && !a.startsWith('-'));
}
