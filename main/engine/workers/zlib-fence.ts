import { Worker, type WorkerOptions } from 'node:worker_threads';
import zlib from 'node:zlib';

/**
 * Node aborts the whole process when a worker thread is terminated between the making of a zlib handle
 * and its initialisation: the thread's cleanup closes a handle that was never opened (node_zlib.cc,
 * "close before init"). A thread inflating in a loop, terminated at a random moment, took the process
 * down within 10-30 terminations here; a pool worker is terminated whenever a call it runs is
 * cancelled, while it reads an artifact's deflated chunks.
 *
 * So a thread that may be terminated makes its zlib handles inside a fence shared with its owner: the
 * owner raises STOPPING, waits while a handle is being made (MAKING), then terminates; a zlib call
 * begun once STOPPING is up throws instead of making a handle. Each side writes its flag before it
 * reads the other's (sequentially consistent Atomics): one of them always sees the other.
 */
/** Zlib calls under way in the thread (a count: one may run inside another's callback). */
const MAKING = 0;
const STOPPING = 1;

/**
 * What a fenced thread finds in its workerData, besides its own data: its own fence, then those of the
 * fenced threads that started it, nearest first. Terminating a thread terminates the threads it started
 * (the ingest thread's chunk deflater), so a zlib call counts in, and stops at, every fence of the chain.
 */
export interface FencedWorkerData {
  zlibFences: SharedArrayBuffer[];
}

const fences = new WeakMap<Worker, SharedArrayBuffer>();
/** This thread's chain when it is itself fenced: the threads it starts extend it. */
let thisThreadFences: SharedArrayBuffer[] = [];

/** Starts a thread whose script imports fence-this-thread.ts before anything else. */
export function startFencedWorker(file: string, data: object = {}, options: WorkerOptions = {}): Worker {
  const zlibFence = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  const zlibFences = [zlibFence, ...thisThreadFences];
  const worker = new Worker(file, { ...options, workerData: { ...data, zlibFences } satisfies FencedWorkerData });
  fences.set(worker, zlibFence);
  return worker;
}

export class ZlibFencedOff extends Error {
  constructor() {
    super('this thread is being stopped');
  }
}

/**
 * In the thread: every function of node:zlib (the one module object every importer shares) makes its
 * handle inside the fence. Sync calls hold it to their end; streams only while they are made. Called
 * before any other module is loaded (fence-this-thread.ts): a module that keeps a zlib function of its
 * own (promisify(zlib.deflateRaw)) then keeps the fenced one.
 */
export function fenceZlib(chain: SharedArrayBuffer[]): void {
  thisThreadFences = chain;
  const flags = chain.map((fence) => new Int32Array(fence));
  const module = zlib as unknown as Record<string, unknown>;
  for (const name of Object.keys(module)) {
    const fn = module[name];
    // Functions that make handles: the *Sync ones, the callback ones and create*; not the classes or crc32.
    if (typeof fn !== 'function' || /^[A-Z]/.test(name) || name === 'crc32') continue;
    const fenced = function (this: unknown, ...args: unknown[]): unknown {
      for (const f of flags) Atomics.add(f, MAKING, 1);
      try {
        if (flags.some((f) => Atomics.load(f, STOPPING) === 1)) throw new ZlibFencedOff();
        return (fn as (...a: unknown[]) => unknown).apply(this, args);
      } finally {
        for (const f of flags) Atomics.sub(f, MAKING, 1);
      }
    };
    // The create* functions are read-only (but configurable) properties.
    Object.defineProperty(module, name, { ...Object.getOwnPropertyDescriptor(module, name), value: fenced });
  }
}

/**
 * In the owner: terminates the thread, and the threads it started, at a moment none of them makes a zlib
 * handle (a thread not started fenced: at once).
 */
export async function terminateFenced(worker: Worker): Promise<number> {
  const fence = fences.get(worker);
  if (fence) {
    const flags = new Int32Array(fence);
    Atomics.store(flags, STOPPING, 1);
    while (Atomics.load(flags, MAKING) > 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return worker.terminate();
}
