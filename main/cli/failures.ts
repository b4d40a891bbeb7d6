/**
 * Workspace failures and their exit codes: busy (another nodescope holds it) and unwritable (disk
 * full, read-only, permission), each reported with the workspace file's name.
 */
import { IngestBusyError } from '../engine/ingest/ingest';
import { EXIT } from './command';

export type WorkspaceFailure = 'busy' | 'unwritable';

const UNWRITABLE_ERRNO = new Set(['ENOSPC', 'EROFS', 'EACCES', 'EPERM', 'EDQUOT']);

export function workspaceFailure(e: unknown): WorkspaceFailure | null {
  if (e instanceof IngestBusyError) return 'busy';
  const code = String((e as { code?: unknown })?.code ?? '');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') {
    return 'unwritable';
  }
  if (UNWRITABLE_ERRNO.has(code)) return 'unwritable';
  const cause = (e as { cause?: unknown })?.cause;
  return cause && cause !== e ? workspaceFailure(cause) : null;
}

export function describeWorkspaceFailure(kind: WorkspaceFailure, dbPath: string, e: unknown): { code: number; message: string } {
  const detail = (e as Error).message ?? String(e);
  if (kind === 'busy') {
    const why = /try again/.test(detail) ? detail : `${detail}; try again when the other nodescope is done`;
    return { code: EXIT.busy, message: `${dbPath}: the workspace is busy: ${why}` };
  }
  const why = /full/i.test(detail) ? 'the disk is full' : /read-?only|readonly/i.test(detail) ? 'it is read-only' : 'it cannot be written';
  return { code: EXIT.unwritable, message: `${dbPath}: the workspace cannot be written: ${why} (${detail}); nothing was half-written` };
}
