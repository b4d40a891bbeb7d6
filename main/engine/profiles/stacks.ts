import { frameFile, type Profile } from './model';

/** Regex filters with `go tool pprof` meaning; all unanchored, like pprof's. */
export interface StackFilter {
  /** Keep only samples with a frame whose function or file matches. */
  focus?: RegExp;
  /** Drop samples with a frame whose function or file matches. */
  ignore?: RegExp;
  /** Remove matching frames from every stack (the sample stays). */
  hide?: RegExp;
}

/**
 * Visits each sample's stack as frame indices, leaf first and innermost inlined frame first (the order
 * of the proto). `weight[s]` is the value the sample contributes; zero-weight samples are skipped, as
 * pprof skips them. The frames buffer is reused between calls: copy what you keep.
 */
export function forEachStack(
  p: Profile,
  weight: Float64Array,
  filter: StackFilter | undefined,
  visit: (value: number, frames: Int32Array, length: number, sample: number) => void,
): void {
  const { sampleStart, sampleLocations, frameStart } = p;
  let buffer = new Int32Array(256);
  const matchers = filter ? compileFilter(p, filter) : null;
  for (let s = 0; s < p.sampleCount; s++) {
    const v = weight[s];
    if (v === 0) continue;
    let n = 0;
    let focused = matchers?.focus ? false : true;
    let ignored = false;
    for (let k = sampleStart[s]; k < sampleStart[s + 1]; k++) {
      const loc = sampleLocations[k];
      if (matchers) {
        if (!focused && matchers.focus!(loc)) focused = true;
        if (matchers.ignore && matchers.ignore(loc)) ignored = true;
      }
      for (let f = frameStart[loc]; f < frameStart[loc + 1]; f++) {
        if (matchers?.hide && matchers.hide(f)) continue;
        if (n === buffer.length) {
          const bigger = new Int32Array(n * 2);
          bigger.set(buffer);
          buffer = bigger;
        }
        buffer[n++] = f;
      }
    }
    if (!focused || ignored) continue;
    visit(v, buffer, n, s);
  }
}

interface CompiledFilter {
  focus?: (location: number) => boolean;
  ignore?: (location: number) => boolean;
  hide?: (frame: number) => boolean;
}

function compileFilter(p: Profile, filter: StackFilter): CompiledFilter {
  return {
    focus: filter.focus && locationMatcher(p, filter.focus),
    ignore: filter.ignore && locationMatcher(p, filter.ignore),
    hide: filter.hide && frameMatcher(p, filter.hide),
  };
}

/** A frame matches when its function name or file name does. Cached per frame. */
function frameMatcher(p: Profile, re: RegExp): (frame: number) => boolean {
  const cache = new Int8Array(p.frameNameId.length);
  return (f) => {
    if (cache[f] === 0) {
      const name = p.frameNames[p.frameNameId[f]];
      const file = frameFile(p, f);
      cache[f] = re.test(name) || (file !== '' && re.test(file)) ? 1 : 2;
    }
    return cache[f] === 1;
  };
}

/** A location matches when one of its frames, or its mapping's file, matches. Cached per location. */
function locationMatcher(p: Profile, re: RegExp): (location: number) => boolean {
  const frame = frameMatcher(p, re);
  const cache = new Int8Array(p.locationCount);
  return (loc) => {
    if (cache[loc] === 0) {
      let hit = false;
      for (let f = p.frameStart[loc]; f < p.frameStart[loc + 1] && !hit; f++) hit = frame(f);
      const m = p.locationMapping[loc];
      if (!hit && m >= 0 && p.mappings[m].file !== '') hit = re.test(p.mappings[m].file);
      cache[loc] = hit ? 1 : 2;
    }
    return cache[loc] === 1;
  };
}

/** The values of one sample type, one per sample. */
export function sampleWeights(p: Profile, valueIndex: number): Float64Array {
  const n = p.sampleTypes.length;
  const out = new Float64Array(p.sampleCount);
  for (let s = 0; s < p.sampleCount; s++) out[s] = p.values[s * n + valueIndex];
  return out;
}

/** pprof's total: Σ|v| over samples. */
export function totalOf(weight: Float64Array): number {
  let t = 0;
  for (let s = 0; s < weight.length; s++) t += Math.abs(weight[s]);
  return t;
}
