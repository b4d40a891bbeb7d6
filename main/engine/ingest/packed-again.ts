import type { Dated } from '../layouts/types';

const DAY_MS = 86_400_000;
/**
 * Files' times this long after the newest heartbeat of the bundle's nodes: the archive was packed again
 * after the collection (a bundle untarred and tarred again, kept in a repository), not collected then.
 * A cluster's nodes report every few minutes; a lone node that stopped reporting is collected within
 * days, not months.
 */
export const PACKED_AFTER_MS = 30 * DAY_MS;
/**
 * Heartbeats this long after the files' times: the files' times are not when they were written (a
 * zip's 1980 dates, a tar's zeros); a day covers clocks set apart.
 */
const HEARTBEAT_AFTER_MS = DAY_MS;

/** When a bundle without a stated collection time was collected, and why that time. */
export interface CollectionTime {
  ms: number;
  /** Set when the files' times were set aside for the nodes' heartbeat: how the UI says it. */
  packedAgain: string | null;
}

/**
 * The files' times (the entries', else the archive's), unless the bundle's own nodes' heartbeats say
 * they are not the collection's: then the newest heartbeat, the closest time the bundle records. Year-less
 * log stamps take their year from it: a kURL bundle from April 2022 packed again in August 2026 had its
 * syslog and klog lines dated 2026.
 */
export function collectionTime(filesMs: number, heartbeat: Dated | null): CollectionTime {
  if (!heartbeat) return { ms: filesMs, packedAgain: null };
  const after = filesMs - heartbeat.ms;
  if (after > PACKED_AFTER_MS) {
    return { ms: heartbeat.ms, packedAgain: `the newest heartbeat of the bundle's nodes (${heartbeat.from}): its files' modification times, ${day(filesMs)}, are ${Math.round(after / DAY_MS)} days later (packed again after collection)` };
  }
  if (-after > HEARTBEAT_AFTER_MS) {
    return { ms: heartbeat.ms, packedAgain: `the newest heartbeat of the bundle's nodes (${heartbeat.from}): its files' modification times, ${day(filesMs)}, are ${Math.round(-after / DAY_MS)} days before it` };
  }
  return { ms: filesMs, packedAgain: null };
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
