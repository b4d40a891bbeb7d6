/**
 * Fuzzing of every reader of bundle input (fast-check): the tar/gzip reader, the manifest validator,
 * the log formats, the pprof decoder, the goroutine parsers, and the iptables, Corefile, procfs and
 * other text parsers. Each property checks: no crash (only the reader's own, clear error), regex work
 * linear in the input (no hang), memory under a cap.
 *
 * Bounded in time: FUZZ_SECONDS (default 50) is shared by the properties, each stopping when its share
 * is spent. By hand, for longer: FUZZ_SECONDS=1800 npx vitest run --config test/vitest.config.mts test/hostile/fuzz.test.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { gunzipStream } from '../../main/engine/ingest/archive/gzip';
import { readTar } from '../../main/engine/ingest/archive/tar';
import { zipBufferEntries } from '../../main/engine/ingest/formats/zip';
import { ingestBundle } from '../../main/engine/ingest';
import { ManifestError, parseManifest } from '../../main/engine/manifest/validate';
import { LOG_FORMATS, sniffLogFormat } from '../../main/engine/logs';
import { decodeProfile } from '../../main/engine/profiles/load';
import { ProfileError } from '../../main/engine/profiles/model';
import { DumpError, parseGoroutineDump } from '../../main/engine/goroutines';
import { parseIptablesSave } from '../../main/engine/network/iptables-save';
import { parseIptablesList } from '../../main/engine/network/iptables-list';
import { parseIpvsadm } from '../../main/engine/network/ipvs';
import { parseConntrackStats } from '../../main/engine/network/conntrack';
import { parseFirewalld } from '../../main/engine/network/firewalld';
import { parseIpRule } from '../../main/engine/network/iproute';
import { parseNginxFile } from '../../main/engine/network/nginx';
import { parseCorefile } from '../../main/engine/dns/corefile';
import { parseResolvConf } from '../../main/engine/dns/resolv';
import { parseCgroups, parseFileNr, parseLoadavg, parseMeminfo, parsePressure, parseVmstat } from '../../main/engine/system/procfs';
import { parseProcStat } from '../../main/engine/system/cpu';
import { parseDiskstats } from '../../main/engine/system/diskstats';
import { parseDf } from '../../main/engine/system/df';
import { parseCmdline } from '../../main/engine/system/kernel';
import { parsePidStat } from '../../main/engine/processes/stat';
import { parseStatus } from '../../main/engine/processes/status';
import { parseVersion } from '../../main/engine/rules/versions';
import { openWorkspace } from '../../main/engine/store/workspace';
import { UnreadableInputError } from '../../main/engine/ingest/source';
import { manifestFor } from '../support/manifest';
import { countRegexWork } from './regex-work';
import { demoTarGz, demoZip, tempDir } from './archives';

const TOTAL_MS = Number(process.env.FUZZ_SECONDS ?? 50) * 1000;
const PROPERTIES = 10;
const SHARE_MS = Math.floor(TOTAL_MS / PROPERTIES);
const MEMORY_CAP = 1.5 * 1024 ** 3;
const FIXTURES = path.resolve(__dirname, '..', 'fixtures');
const dir = tempDir('fuzz');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs a property for its share of the time budget (a budget, not a timing assertion). */
async function fuzz<T>(arb: fc.Arbitrary<T>, check: (v: T) => void | Promise<void>, async = false): Promise<void> {
  const params = { numRuns: 1_000_000, interruptAfterTimeLimit: SHARE_MS, markInterruptAsFailure: false, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined };
  if (async) await fc.assert(fc.asyncProperty(arb, async (v) => check(v)), params);
  else await fc.assert(fc.property(arb, (v) => void check(v)), params);
}

/** Errors that mean a bug (not a reader saying no): TypeError on undefined, RangeError, stack overflow. */
function expectClearError(e: unknown, allowed: (new (...a: never[]) => Error)[]): void {
  if (allowed.some((k) => e instanceof k)) {
    expect((e as Error).message.length).toBeGreaterThan(0);
    return;
  }
  throw e;
}

/** Work done on a text: linear in its length (regex input bounded per call, total a multiple of the input). */
function expectLinearWork(text: string, run: () => void): void {
  const { work } = countRegexWork(run);
  expect(work.scanned).toBeLessThanOrEqual(64 * (text.length + 64) + 4096);
  expect(process.memoryUsage().rss).toBeLessThan(MEMORY_CAP);
}

/** Texts built from tokens the parsers care about, so that the fuzz reaches past their first check. */
const TOKENS = [
  '\n', ' ', '  ', '\t', ':', '=', '"', '{', '}', '[', ']', '(', ')', ',', ';', '#', '/', '.', '-', '+', '*', '\r', '\0', '\x1b',
  '0', '1', '42', '0x1f', '65535', '-1', '99999999999999999999', 'a', 'abc',
  'goroutine 1 [', 'running]:', 'goroutine profile: total 3', '1 @ 0x1 0x2', '#\t0x1\tmain.f+0x1\t/a.go:1', '\tmain.go:12 +0x1', 'created by ',
  '*filter', ':INPUT ACCEPT [0:0]', '-A KUBE-SVC -j DROP', 'COMMIT', 'Chain INPUT (policy ACCEPT)', 'TCP  10.0.0.1:80 rr', '  -> 10.1.1.1:80',
  '.:53 {', 'forward . /etc/resolv.conf', 'nameserver 8.8.8.8', 'search a b', 'MemTotal: 1 kB', 'cpu  1 2 3 4', 'some avg10=0.00 total=1',
  'cpu=0 found=1', 'public (active)', '  services: ssh', 'Active: active (running)', '0:\tfrom all lookup main', 'server {', 'listen 80;',
  'Nov  5 09:50:27 node1 kubelet[1]: ', 'E1105 09:50:27.583544  1 kubelet.go:1] ', '2026-11-05T09:50:27.583544+0000 ', '{"log":"x\\n","stream":"stderr","time":"2026-11-05T09:50:27Z"}',
  '2026-11-05T09:50:27.5Z stdout F ', '[   12.345678] ', '{"__REALTIME_TIMESTAMP":"1","MESSAGE":"m"}', 'v1.29.3', '1 (S) 0 0',
];
const tokenText = fc.array(fc.constantFrom(...TOKENS), { maxLength: 300 }).map((t) => t.join(''));
const anyText = fc.oneof(tokenText, fc.string({ unit: 'binary', maxLength: 2000 }), fc.string({ maxLength: 2000 }));

/** Byte mutations of a buffer: cut, flipped bytes, inserted runs. */
function mutated(base: Buffer): fc.Arbitrary<Buffer> {
  return fc
    .record({
      cut: fc.option(fc.nat({ max: base.length }), { nil: undefined }),
      flips: fc.array(fc.record({ at: fc.nat({ max: base.length - 1 }), xor: fc.integer({ min: 1, max: 255 }) }), { maxLength: 4 }),
      insert: fc.option(fc.record({ at: fc.nat({ max: base.length }), bytes: fc.uint8Array({ maxLength: 600 }) }), { nil: undefined }),
    })
    .map(({ cut, flips, insert }) => {
      let b = Buffer.from(base);
      for (const f of flips) b[f.at] ^= f.xor;
      if (insert) b = Buffer.concat([b.subarray(0, insert.at), Buffer.from(insert.bytes), b.subarray(insert.at)]);
      return cut === undefined ? b : b.subarray(0, cut);
    });
}

const TEXT_PARSERS: [string, (t: string) => unknown][] = [
  ['iptables-save', (t) => parseIptablesSave(t, 'a')],
  ['iptables -L', (t) => parseIptablesList(t, 'a')],
  ['ipvsadm', (t) => parseIpvsadm(t, 'a')],
  ['conntrack -S', parseConntrackStats],
  ['firewalld', (t) => parseFirewalld(t, 'a')],
  ['ip rule', parseIpRule],
  ['nginx', (t) => parseNginxFile(t, 'a')],
  ['Corefile', (t) => parseCorefile(t, { artifact: 'a', configMap: null } as never)],
  ['resolv.conf', (t) => parseResolvConf(t, 'a')],
  ['meminfo', parseMeminfo],
  ['loadavg', parseLoadavg],
  ['vmstat', parseVmstat],
  ['pressure', (t) => parsePressure('cpu', t)],
  ['cgroups', parseCgroups],
  ['file-nr', parseFileNr],
  ['proc stat', parseProcStat],
  ['diskstats', parseDiskstats],
  ['df', parseDf],
  ['cmdline', parseCmdline],
  ['pid stat', parsePidStat],
  ['pid status', parseStatus],
  ['version', parseVersion],
];

describe('fuzzing', () => {
  it('the tar/gzip reader: damaged demo bundles never crash, and say what is wrong', async () => {
    const gz = demoTarGz(dir);
    await fuzz(
      mutated(gz),
      async (b) => {
        const r = readTar(gunzipStream((async function* () {
          for (let i = 0; i < b.length; i += 4096) yield b.subarray(i, i + 4096);
        })()));
        let n = 0;
        for await (const e of r.entries) {
          n++;
          for await (const _ of e.body);
        }
        const problems = r.problems();
        // Nothing read always comes with the reason.
        if (n === 0) expect(problems.length).toBeGreaterThan(0);
        for (const p of problems) expect(p.message).toMatch(/\S/);
        expect(process.memoryUsage().rss).toBeLessThan(MEMORY_CAP);
      },
      true,
    );
  });

  it('the zip reader: damaged or cut zips, their sizes before or after each entry, never crash and say what is wrong', async () => {
    const zips = [demoZip(dir, false), demoZip(dir, true)];
    await fuzz(
      fc.integer({ min: 0, max: 1 }).chain((k) => mutated(zips[k])),
      async (b) => {
        const damaged: string[] = [];
        try {
          for await (const e of zipBufferEntries(b)) {
            for await (const _ of e.body);
            const damage = e.damage?.();
            if (damage) damaged.push(damage);
          }
        } catch (e) {
          expectClearError(e, [Error]);
          expect(e).not.toBeInstanceOf(TypeError);
          expect(e).not.toBeInstanceOf(RangeError);
        }
        for (const d of damaged) expect(d).toMatch(/^the zip entry is damaged \(\S/);
        expect(process.memoryUsage().rss).toBeLessThan(MEMORY_CAP);
      },
      true,
    );
  });

  it('the ingest of damaged bundles: a result or one clear "cannot be read" error, and a sound workspace', async () => {
    const gz = demoTarGz(dir);
    const db = openWorkspace(':memory:');
    let i = 0;
    await fuzz(
      mutated(gz),
      async (b) => {
        const f = path.join(dir, `fuzz-${i++ % 4}.tar.gz`);
        fs.writeFileSync(f, b);
        try {
          const r = await ingestBundle(db, f);
          expect(r.id).toBeGreaterThan(0);
          db.prepare('DELETE FROM bundles WHERE id = ?').run(r.id);
        } catch (e) {
          expectClearError(e, [UnreadableInputError]);
        }
        expect(process.memoryUsage().rss).toBeLessThan(MEMORY_CAP);
      },
      true,
    );
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('the manifest validator: valid, or a ManifestError', async () => {
    const valid = manifestFor('node1', [{ path: 'logs/a.log', kind: 'log' }]);
    const json = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.record({ key: fc.constantFrom(...Object.keys(valid)), value: fc.jsonValue() }).map(({ key, value }) => JSON.stringify({ ...valid, [key]: value })),
      mutated(Buffer.from(JSON.stringify(valid))).map((b) => b.toString('utf8')),
    );
    await fuzz(json, (text) => {
      try {
        parseManifest(text);
      } catch (e) {
        expectClearError(e, [ManifestError]);
      }
    });
  });

  it('every log format: parse never throws, sniffing and parsing cost linear work', async () => {
    await fuzz(anyText, (text) => {
      const lines = text.split('\n');
      expectLinearWork(text, () => {
        sniffLogFormat('logs/x.log', lines.slice(0, 20));
        for (const f of LOG_FORMATS) {
          for (const l of lines) f.parse(l, { artifactPath: 'logs/pods/ns_pod_uid/c/0.log', collectedAtMs: 0, timezone: 'Asia/Shanghai', bootTimeMs: 0 });
        }
      });
    });
  });

  it('the pprof decoder: a profile, or a ProfileError', async () => {
    const bases = ['etcd-3.4.23/heap.pb.gz', 'etcd-3.4.23/goroutine.pb.gz'].map((p) => fs.readFileSync(path.join(FIXTURES, 'pprof', p)));
    const raw = bases.map((b) => decodeProfileBytes(b));
    await fuzz(fc.oneof(...[...bases, ...raw].map((b) => mutated(b))), (b) => {
      try {
        decodeProfile(b);
      } catch (e) {
        expectClearError(e, [ProfileError]);
      }
      expect(process.memoryUsage().rss).toBeLessThan(MEMORY_CAP);
    });
  });

  it('the goroutine parsers: a dump, or a DumpError, in linear work', async () => {
    const base = fs.readFileSync(path.join(FIXTURES, 'pprof', 'etcd-3.4.23', 'goroutine-debug2.txt'));
    const d1 = fs.readFileSync(path.join(FIXTURES, 'pprof', 'etcd-3.4.23', 'goroutine-debug1.txt'));
    await fuzz(fc.oneof(mutated(base.subarray(0, 20000)), mutated(d1.subarray(0, 20000)), tokenText.map((t) => Buffer.from(t))), (b) => {
      expectLinearWork(b.toString('latin1'), () => {
        try {
          parseGoroutineDump(b);
        } catch (e) {
          expectClearError(e, [DumpError]);
        }
      });
    });
  });

  it('iptables, Corefile, procfs and other text parsers: no crash, linear work', async () => {
    await fuzz(fc.tuple(fc.constantFrom(...TEXT_PARSERS), anyText), ([[, parse], text]) => {
      expectLinearWork(text, () => {
        try {
          parse(text);
        } catch (e) {
          expectClearError(e, []);
        }
      });
    });
  });

  it('the parsers on long hostile lines (the shapes of the attack run): linear work', async () => {
    const long = fc.tuple(fc.constantFrom(...TOKENS), fc.integer({ min: 1_000, max: 40_000 })).map(([t, n]) => t.repeat(Math.ceil(n / Math.max(1, t.length))));
    await fuzz(fc.tuple(fc.constantFrom(...TEXT_PARSERS), long), ([[, parse], text]) => {
      expectLinearWork(text, () => {
        try {
          parse(text);
        } catch (e) {
          expectClearError(e, []);
        }
      });
    });
  });

  it('goroutine dumps of long hostile lines: linear work', async () => {
    const long = fc.tuple(fc.constantFrom(...TOKENS), fc.integer({ min: 1_000, max: 40_000 })).map(([t, n]) => t.repeat(Math.ceil(n / Math.max(1, t.length))));
    await fuzz(long, (text) => {
      expectLinearWork(text, () => {
        try {
          parseGoroutineDump(Buffer.from(text));
        } catch (e) {
          expectClearError(e, [DumpError]);
        }
      });
    });
  });
});

function decodeProfileBytes(gz: Buffer): Buffer {
  return zlib.gunzipSync(gz);
}
