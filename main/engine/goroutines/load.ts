import type { GoroutineDump } from '../../../shared/api/profiles';
import { requireDecodable } from '../profiles/stored';
import { readArtifactBytes, wholeReadBytes } from '../store/artifacts';
import type { Db } from '../store/workspace';
import { parseGoroutineDump } from './index';

/** What a reader of a stored goroutine dump needs of its artifact row. */
export interface DumpArtifact {
  id: number;
  path: string;
  kind: string;
  bytes: number;
}

/**
 * A goroutine dump of a bundle, parsed from at most its first wholeReadBytes (16 MiB), cut after its
 * last whole record: a leaking component's dump grows with its goroutines (a 314 MiB debug=2 dump took
 * the ingest's rules to 1.8 GB), while its first records already show the piling stacks. `partial`
 * says how much was read. A goroutine profile (protobuf) is decoded whole, under the rules' cap on profiles.
 */
export function loadGoroutineDump(db: Db, artifact: DumpArtifact): GoroutineDump {
  if (artifact.kind === 'pprof') requireDecodable(artifact);
  if (artifact.kind !== 'goroutine-dump' || artifact.bytes <= DUMP_READ_BYTES) return parseGoroutineDump(readArtifactBytes(db, artifact.id));
  return parseDumpHead(readArtifactBytes(db, artifact.id, 0, DUMP_READ_BYTES), artifact.bytes);
}

/** Bytes of a text goroutine dump parsed at most. */
export const DUMP_READ_BYTES = wholeReadBytes('goroutine-dump');

/** The first DUMP_READ_BYTES (or fewer) of a dump of `dumpBytes`, parsed up to the end of its last whole record. */
export function parseDumpHead(head: Buffer, dumpBytes: number): GoroutineDump {
  if (dumpBytes <= head.length) return parseGoroutineDump(head);
  const read = head.subarray(0, wholeRecordsEnd(head));
  return { ...parseGoroutineDump(read), partial: { readBytes: read.length, artifactBytes: dumpBytes } };
}

/**
 * Where the last whole record of a dump's head ends: after its last blank line (records of debug=1 and
 * debug=2 alike end with one), else after its last line end.
 */
export function wholeRecordsEnd(head: Buffer): number {
  const blank = head.lastIndexOf('\n\n');
  if (blank >= 0) return blank + 2;
  const line = head.lastIndexOf(10);
  return line < 0 ? head.length : line + 1;
}
