import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { LISTING_KINDS, seedListings, type MappedListing } from '../k8s/api';
import { wholeReadBytes } from '../store/artifacts';
import { PARSED_CACHE_BYTES } from '../store/parsed-cache';
import type { Db } from '../store/workspace';

/**
 * Parses a bundle's kubectl listings on a thread of its own, at the lowest priority, while the ingest
 * reads on; the rules then find them parsed. A must-gather's 112 events.yaml and pods.yaml (7.8 MB) took
 * the ingest's thread 0.17-0.25 s to parse once every entry was read, while the other core had nothing
 * left to do; received parsed, they cost it about 0.04 s. What the parse cache would not hold is left to
 * the rules, as is every listing when the worker script is absent (tests from TypeScript sources) or the
 * worker fails: parsed where they are needed, as before.
 */
const WORKER_SCRIPT = path.join(__dirname, 'listing-worker.js');
const LISTING: ReadonlySet<string> = new Set(LISTING_KINDS);

/** The listing's kind and bytes, in a buffer of their own (transferred, not copied). */
export type ToListingWorker = { id: number; kind: string; bytes: Uint8Array<ArrayBuffer> };
/**
 * The listing's objects, mapped as the views and rules read them (only what they keep crosses back, not
 * every field of every object), or null when they could not be sent back (the rules then parse the listing).
 */
export type FromListingWorker = { id: number; mapped: MappedListing | null };

export interface ListingPrefetch {
  /** Bytes of an artifact of this kind to keep for offer(): 0 when it would not be taken. */
  room(kind: string): number;
  /** Hands over a listing's whole content (ignored when not a listing kind, or past room()). */
  offer(artifactId: number, kind: string, content: Buffer): void;
  /** Waits for the listings offered, puts them in the parse cache, and stops the thread. */
  seed(db: Db, bundleId: number): Promise<void>;
  /** Stops the thread; what it has not sent back is dropped. */
  close(): Promise<void>;
}

export function listingPrefetch(): ListingPrefetch {
  if (fs.existsSync(WORKER_SCRIPT)) return new WorkerPrefetch();
  return { room: () => 0, offer: () => {}, seed: async () => {}, close: async () => {} };
}

class WorkerPrefetch implements ListingPrefetch {
  private worker: Worker | null = null;
  private stopped = false;
  private offeredBytes = 0;
  private nextId = 1;
  /** Artifact ids of the listings sent, by message id, until their answer comes. */
  private readonly pending = new Map<number, number>();
  private readonly mapped = new Map<number, MappedListing>();
  private drained: (() => void) | null = null;

  room(kind: string): number {
    if (this.stopped || !LISTING.has(kind)) return 0;
    return Math.max(0, Math.min(wholeReadBytes(kind), PARSED_CACHE_BYTES - this.offeredBytes));
  }

  offer(artifactId: number, kind: string, content: Buffer): void {
    if (content.length > this.room(kind)) return;
    this.offeredBytes += content.length;
    const id = this.nextId++;
    this.pending.set(id, artifactId);
    const bytes = new Uint8Array(content);
    this.started().postMessage({ id, kind, bytes } satisfies ToListingWorker, [bytes.buffer]);
  }

  async seed(db: Db, bundleId: number): Promise<void> {
    if (this.pending.size) await new Promise<void>((resolve) => (this.drained = resolve));
    seedListings(db, bundleId, this.mapped);
    this.mapped.clear();
    await this.close();
  }

  async close(): Promise<void> {
    this.stop();
    await this.worker?.terminate();
    this.worker = null;
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    // Young generation small: the parse's garbage is collected often rather than held (peak RSS).
    const worker = new Worker(WORKER_SCRIPT, { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    worker.unref();
    worker.on('message', (m: FromListingWorker) => this.received(m));
    worker.on('error', () => this.stop());
    worker.on('exit', () => this.stop());
    this.worker = worker;
    return worker;
  }

  private received(m: FromListingWorker): void {
    const artifactId = this.pending.get(m.id);
    if (artifactId === undefined) return;
    this.pending.delete(m.id);
    if (m.mapped) this.mapped.set(artifactId, m.mapped);
    if (!this.pending.size) this.wake();
  }

  /** No more listings are taken; those not back yet are left to the rules. */
  private stop(): void {
    this.stopped = true;
    this.pending.clear();
    this.wake();
  }

  private wake(): void {
    const drained = this.drained;
    this.drained = null;
    drained?.();
  }
}
