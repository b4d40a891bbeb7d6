import type { GoroutineFrame } from '../../../shared/api/profiles';

/** One goroutine (debug=2), or one record of identical goroutines (debug=1, protobuf). */
export interface GoroutineRecord {
  count: number;
  id: number | null;
  state: string;
  stateInferred: boolean;
  minutes: number;
  locked: boolean;
  frames: GoroutineFrame[];
  createdBy: string | null;
}

export class DumpError extends Error {}
