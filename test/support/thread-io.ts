import fs from 'node:fs';

/**
 * Bytes this thread has written through system calls (Linux's /proc/thread-self/io), or null where
 * the kernel does not say. Per thread: other test files' threads in the same process do not count.
 */
export function bytesWritten(): number | null {
  return threadIo('wchar');
}

/** Bytes this thread has read through system calls, as bytesWritten() counts those written. */
export function bytesRead(): number | null {
  return threadIo('rchar');
}

function threadIo(field: 'rchar' | 'wchar'): number | null {
  try {
    const m = new RegExp(`^${field}: (\\d+)$`, 'm').exec(fs.readFileSync('/proc/thread-self/io', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Why a test that counts bytes written is skipped here ('' where it runs). */
export const noThreadIo = bytesWritten() === null ? '(skipped: this kernel has no /proc/thread-self/io to count the bytes written)' : '';
