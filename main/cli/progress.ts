import type { IngestProgress } from '../../shared/api';
import type { CommandIo } from './command';
import { terminalText } from './terminal';
import { everyTenthSecond } from '../engine/ingest/progress-pace';

/** A one-line progress display on stderr, drawn only on a terminal. */
export function progressPrinter(io: CommandIo, label: string): { update: (p: IngestProgress) => void; done: () => void } {
  if (!io.stderrIsTty) return { update: () => {}, done: () => {} };
  let drawn = false;
  const draw = io.rawStderr ?? io.stderr;
  return {
    update: everyTenthSecond((p) => {
      if (p.published !== null) {
        draw(`\r\x1b[K${terminalText(shorten(label, 30))}: ready as bundle ${p.published}; counting log templates for compare`);
        drawn = true;
        return;
      }
      const pct = p.totalBytes > 0 ? Math.min(100, Math.floor((p.bytesRead / p.totalBytes) * 100)) : 0;
      const current = p.currentPath ? ` ${terminalText(shorten(p.currentPath, 50))}` : '';
      draw(`\r\x1b[K${terminalText(shorten(label, 30))}: ${pct}% ${mib(p.bytesRead)}/${mib(p.totalBytes)} MiB, ${p.entries} files${current}`);
      drawn = true;
    }),
    done() {
      if (drawn) draw('\r\x1b[K');
    },
  };
}

/**
 * The re-diagnosis of bundles made by an older rule set (after an upgrade), as a one-line count on a
 * terminal: with large bundles it takes minutes before the command itself starts.
 */
export function rediagnoseProgress(io: CommandIo): { update: (done: number, total: number) => void; done: () => void } {
  if (!io.stderrIsTty) return { update: () => {}, done: () => {} };
  let drawn = false;
  const draw = io.rawStderr ?? io.stderr;
  return {
    update(done, total) {
      draw(`\r\x1b[Kre-diagnosing bundles made by an older rule set: ${done}/${total}`);
      drawn = true;
    },
    done() {
      if (drawn) draw('\r\x1b[K');
    },
  };
}

function mib(n: number): string {
  return (n / 1048576).toFixed(1);
}

function shorten(s: string, n: number): string {
  return s.length <= n ? s : `…${s.slice(s.length - n + 1)}`;
}
