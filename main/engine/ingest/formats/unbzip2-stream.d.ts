declare module 'unbzip2-stream' {
  import type { Duplex } from 'node:stream';
  /** A classic (through) stream: bzip2 in, bytes out, one block at a time. */
  export default function unbzip2Stream(): Duplex;
}
