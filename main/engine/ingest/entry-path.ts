/**
 * Safety checks on archive entry names. The engine never extracts by name, but an entry's name is still
 * what the UI and reports show and what artifacts are keyed by, so hostile names are refused.
 */
export type EntryPathCheck = { ok: true; path: string } | { ok: false; reason: string };

export function checkEntryPath(name: string): EntryPathCheck {
  if (name.includes('\0')) return { ok: false, reason: 'name contains a NUL byte' };
  if (name.startsWith('/') || /^[A-Za-z]:[\\/]/.test(name) || name.startsWith('\\')) {
    return { ok: false, reason: 'absolute path refused' };
  }
  const parts = name.replace(/\\/g, '/').split('/');
  if (parts.includes('..')) return { ok: false, reason: 'path traversal ("..") refused' };
  const clean = parts.filter((p) => p !== '' && p !== '.');
  if (clean.length === 0) return { ok: false, reason: 'empty name' };
  return { ok: true, path: clean.join('/') };
}

/** Entry types other than regular files are never read: links and devices are refused and reported. */
export function refusedEntryType(type: string): string | null {
  switch (type) {
    case 'file':
    case 'contiguous-file':
      return null;
    case 'symlink':
      return 'symbolic link refused';
    case 'link':
      return 'hard link refused';
    case 'character-device':
    case 'block-device':
      return 'device file refused';
    case 'fifo':
      return 'named pipe refused';
    default:
      return `${type} refused`;
  }
}
