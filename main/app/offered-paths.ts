import path from 'node:path';

/**
 * The bundle paths the user gave the app: chosen in the Open dialog, dropped on the window, named on
 * the command line or by the OS (open-file, Recent). The renderer's startIngest is honoured only for
 * these: a page that runs script in the window (a bug, a crafted bundle) cannot make the app read
 * any other file of the machine.
 */
export class OfferedPaths {
  private readonly paths = new Set<string>();

  offer(file: string): string {
    const p = path.resolve(file);
    this.paths.add(p);
    return p;
  }

  allows(file: string): boolean {
    return typeof file === 'string' && path.isAbsolute(file) && this.paths.has(path.resolve(file));
  }
}

export class NotOfferedError extends Error {
  constructor(file: string) {
    super(`refused: ${file} was not chosen in the Open dialog, dropped on the window or named on the command line`);
  }
}
