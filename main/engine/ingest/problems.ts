import type { IngestError } from '../../../shared/api';

/** Problems listed one by one; past it, they are counted by kind and summarised in one line. */
export const MAX_LISTED_PROBLEMS = 500;

/**
 * The problems of one ingest, bounded: a hostile bundle (a manifest listing a million absent files,
 * a million refused entries) yields at most MAX_LISTED_PROBLEMS entries plus one summary, not one
 * stored error per claim.
 */
export class ProblemList {
  private readonly listed: IngestError[] = [];
  private readonly unlisted = new Map<string, number>();
  private unlistedTotal = 0;

  constructor(private readonly max = MAX_LISTED_PROBLEMS) {}

  push(e: IngestError): void {
    if (this.listed.length < this.max) {
      this.listed.push(e);
      return;
    }
    // Counted by message without its variable parts (numbers, quoted names).
    const kind = e.message.slice(0, 1000).replace(/"[^"\n]{0,512}"/g, '"…"').replace(/\d{1,20}/g, 'N').slice(0, 200);
    if (this.unlisted.has(kind) || this.unlisted.size < 20) this.unlisted.set(kind, (this.unlisted.get(kind) ?? 0) + 1);
    this.unlistedTotal++;
  }

  get count(): number {
    return this.listed.length + this.unlistedTotal;
  }

  /** The listed problems, then one line summing up those that were only counted. */
  list(): IngestError[] {
    if (this.unlistedTotal === 0) return [...this.listed];
    const kinds = [...this.unlisted.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([k, n]) => `${n} × "${k}"`)
      .join(', ');
    return [...this.listed, { path: null, message: `${this.unlistedTotal} more problems not listed one by one: ${kinds}` }];
  }
}
