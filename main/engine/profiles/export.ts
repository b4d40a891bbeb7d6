/**
 * Exports other tools open: folded stacks (flamegraph.pl, speedscope, inferno), speedscope's own JSON,
 * and a pprof protobuf (`go tool pprof` reads it) of a filtered or differential profile.
 */
import zlib from 'node:zlib';
import { Function as PFunction, Label, Location, Profile as PProfile, Sample, StringTable, ValueType } from 'pprof-format';
import type { CallTree } from './tree';

/** Visits every root-to-node path that carries self value, as name ids root first (root excluded). */
function forEachPath(tree: CallTree, visit: (path: number[], self: number, baseSelf: number) => void): void {
  const kids: number[][] = Array.from({ length: tree.size }, () => []);
  for (let i = 1; i < tree.size; i++) kids[tree.parent.data[i]].push(i);
  const path: number[] = [];
  const walk = (i: number): void => {
    if (i !== 0) path.push(tree.nameId.data[i]);
    const self = tree.self.data[i];
    const baseSelf = tree.baseSelf.data[i];
    if (i !== 0 && (self !== 0 || baseSelf !== 0)) visit(path, self, baseSelf);
    for (const c of kids[i]) walk(c);
    if (i !== 0) path.pop();
  };
  walk(0);
}

/** Brendan Gregg's folded format: `root;caller;leaf value`, one line per distinct stack. */
export function toFolded(tree: CallTree): string {
  const lines: string[] = [];
  const names = tree.names.names;
  forEachPath(tree, (path, self) => {
    if (self !== 0) lines.push(`${path.map((id) => names[id].replace(/;/g, ':')).join(';')} ${self}`);
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
}

const SPEEDSCOPE_UNITS = ['nanoseconds', 'microseconds', 'milliseconds', 'seconds', 'bytes'];

/** speedscope's file format (https://www.speedscope.app/file-format-schema.json), one sampled profile. */
export function toSpeedscope(tree: CallTree, name: string, unit: string): string {
  const names = tree.names.names;
  const frameOf = new Map<number, number>();
  const frames: { name: string }[] = [];
  const samples: number[][] = [];
  const weights: number[] = [];
  forEachPath(tree, (path, self) => {
    if (self <= 0) return;
    samples.push(
      path.map((id) => {
        let f = frameOf.get(id);
        if (f === undefined) {
          f = frames.length;
          frames.push({ name: names[id] });
          frameOf.set(id, f);
        }
        return f;
      }),
    );
    weights.push(self);
  });
  const total = weights.reduce((a, b) => a + b, 0);
  return JSON.stringify({
    $schema: 'https://www.speedscope.app/file-format-schema.json',
    shared: { frames },
    profiles: [
      { type: 'sampled', name, unit: SPEEDSCOPE_UNITS.includes(unit) ? unit : 'none', startValue: 0, endValue: total, samples, weights },
    ],
    name,
    activeProfileIndex: 0,
    exporter: 'nodescope',
  });
}

export interface PprofExportMeta {
  sampleType: { type: string; unit: string };
  periodType?: { type: string; unit: string } | null;
  period?: number;
  timeNanos?: number;
  durationNanos?: number;
  comment?: string;
}

/**
 * A gzipped profile.proto of the tree: one sample per stack. In a diff tree the base's stacks are
 * written negated with the label pprof::base=true, as `go tool pprof -diff_base … -proto` saves them,
 * so pprof shows the file as the same diff (percentages of the base total).
 */
export function toPprof(tree: CallTree, meta: PprofExportMeta): Buffer {
  const strings = new StringTable();
  const names = tree.names.names;
  const locationOf = new Map<number, number>();
  const functions: PFunction[] = [];
  const locations: Location[] = [];
  const samples: Sample[] = [];
  const locationId = (nameId: number): number => {
    let id = locationOf.get(nameId);
    if (id === undefined) {
      id = locations.length + 1;
      functions.push(new PFunction({ id, name: strings.dedup(names[nameId]), systemName: strings.dedup(names[nameId]) }));
      locations.push(new Location({ id, line: [{ functionId: id, line: 0 }] }));
      locationOf.set(nameId, id);
    }
    return id;
  };
  const baseLabel = () => [new Label({ key: strings.dedup('pprof::base'), str: strings.dedup('true') })];
  forEachPath(tree, (path, self, baseSelf) => {
    const stack = path.map(locationId).reverse();
    if (self !== 0) samples.push(new Sample({ locationId: stack, value: [self] }));
    if (baseSelf !== 0) samples.push(new Sample({ locationId: stack, value: [-baseSelf], label: baseLabel() }));
  });
  const profile = new PProfile({
    sampleType: [new ValueType({ type: strings.dedup(meta.sampleType.type), unit: strings.dedup(meta.sampleType.unit) })],
    sample: samples,
    location: locations,
    function: functions,
    periodType: meta.periodType
      ? new ValueType({ type: strings.dedup(meta.periodType.type), unit: strings.dedup(meta.periodType.unit) })
      : undefined,
    period: meta.period ?? 0,
    timeNanos: meta.timeNanos ?? 0,
    durationNanos: meta.durationNanos ?? 0,
    comment: meta.comment ? [strings.dedup(meta.comment)] : [],
    stringTable: strings,
  });
  return zlib.gzipSync(profile.encode());
}
