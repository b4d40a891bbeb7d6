import { describe, expect, it } from 'vitest';
import { storeBundle } from '../../../test/cases/store-bundle';
import { artifactsOfKind } from '../store/artifacts';
import { openWorkspace } from '../store/workspace';
import { DUMP_READ_BYTES, loadGoroutineDump, parseDumpHead, wholeRecordsEnd } from './load';

/** A leaking kubelet's debug=2 dump: every goroutine a watch that never ends, past `bytes`. */
function leakingKubeletDump(bytes: number): Buffer {
  const records: string[] = [];
  let size = 0;
  for (let i = 1; size <= bytes; i++) {
    const r = `goroutine ${i} [chan receive, ${i % 90} minutes]:\nk8s.io/client-go/tools/cache.(*Reflector).watchHandler(0xc000${(i % 4096).toString(16)})\n\t/src/k8s.io/client-go/tools/cache/reflector.go:${300 + (i % 7)} +0x1d\ncreated by k8s.io/client-go/tools/cache.(*Reflector).ListAndWatch in goroutine 1\n\t/src/k8s.io/client-go/tools/cache/reflector.go:250 +0x55\n\n`;
    records.push(r);
    size += r.length;
  }
  return Buffer.from(records.join(''));
}

const headers = (b: Buffer) => (b.toString('utf8').match(/^goroutine \d+ \[/gm) ?? []).length;

describe('a goroutine dump past what nodescope parses whole (a leaking component: the dump grows with its goroutines)', () => {
  const dump = leakingKubeletDump(DUMP_READ_BYTES + 4 * 2 ** 20);
  const db = openWorkspace(':memory:');
  const bundle = storeBundle(db, { files: [{ path: 'pprof/kubelet/goroutine-debug2.txt', kind: 'goroutine-dump', data: dump }] });
  const [artifact] = artifactsOfKind(db, bundle, 'goroutine-dump');

  it('is parsed from its first whole records only, and says how much of it was read', () => {
    const d = loadGoroutineDump(db, artifact!);
    const read = d.partial!.readBytes;
    expect(d.partial).toEqual({ readBytes: read, artifactBytes: dump.length });
    expect(read).toBeLessThanOrEqual(DUMP_READ_BYTES);
    expect(read).toBeGreaterThan(DUMP_READ_BYTES - 1024);
    // Cut after a record: none of the goroutines read is cut short, and each is counted once.
    expect(dump.subarray(read - 2, read).toString()).toBe('\n\n');
    expect(d.truncated).toBe(false);
    expect(d.total).toBe(headers(dump.subarray(0, read)));
    expect(d.total).toBeLessThan(headers(dump));
  });

  it('is read whole when it is under that size', () => {
    const small = leakingKubeletDump(64 * 1024);
    const id = storeBundle(db, { files: [{ path: 'pprof/kubelet/goroutine-debug2.txt', kind: 'goroutine-dump', data: small }] });
    const d = loadGoroutineDump(db, artifactsOfKind(db, id, 'goroutine-dump')[0]!);
    expect(d.partial).toBeNull();
    expect(d.total).toBe(headers(small));
  });

  it('is cut after its last whole line when no blank line ends a record in its head', () => {
    const head = Buffer.from('goroutine profile: total 3\n1 @ 0x1\n#\t0x1\tmain.a+0x1\t/a.go:1\n#\t0x2\tmain.b+0x1\t/b.go:2');
    expect(wholeRecordsEnd(head)).toBe(head.lastIndexOf('\n') + 1);
    const d = parseDumpHead(head, 10 * head.length);
    expect(d.headerTotal).toBe(3);
    expect(d.partial?.readBytes).toBe(head.lastIndexOf('\n') + 1);
  });
});
