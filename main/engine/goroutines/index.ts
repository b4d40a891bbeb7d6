import type { GoroutineDump } from '../../../shared/api/profiles';
import { decodeProfile } from '../profiles/load';
import { bucketize, stateCounts } from './buckets';
import { looksLikeDebug1, parseDebug1 } from './debug1';
import { looksLikeTraceback, parseDebug2 } from './debug2';
import { recordsFromProfile } from './from-profile';
import { DumpError, type GoroutineRecord } from './model';
import { stuckReason } from './stuck';

export { DumpError };

/** Reads a goroutine dump in any of Go's forms, recognised by content: debug=1, debug=2/panic, protobuf. */
export function parseGoroutineDump(bytes: Uint8Array): GoroutineDump {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1 << 20)).toString('utf8');
  if (looksLikeDebug1(head)) {
    const r = parseDebug1(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
    return dump('debug=1', r.records, r.headerTotal, false);
  }
  if (looksLikeTraceback(head)) {
    const r = parseDebug2(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
    return dump('debug=2', r.records, null, r.truncated);
  }
  let records: GoroutineRecord[];
  try {
    const profile = decodeProfile(bytes);
    if (!profile.sampleTypes.some((t) => t.type === 'goroutine')) throw new DumpError('a profile, but not of goroutines');
    records = recordsFromProfile(profile);
  } catch (e) {
    throw new DumpError(`not a goroutine dump (debug=1, debug=2, panic trace or protobuf): ${(e as Error).message}`);
  }
  const total = records.reduce((a, r) => a + r.count, 0);
  return dump('proto', records, total, false);
}

function dump(format: GoroutineDump['format'], records: GoroutineRecord[], headerTotal: number | null, truncated: boolean): GoroutineDump {
  const buckets = bucketize(records);
  const total = buckets.reduce((a, b) => a + b.count, 0);
  for (const b of buckets) b.stuck = stuckReason(b, total);
  return { format, total, headerTotal, truncated, partial: null, states: stateCounts(buckets), buckets };
}
