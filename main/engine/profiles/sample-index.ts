import { ProfileError, type Profile } from './model';

/**
 * The sample type `go tool pprof -sample_index=NAME` selects: '' → the default type (else the last),
 * a number → that index, a name → that type, with inuse_space/inuse_objects also matching space/objects.
 */
export function sampleIndex(p: Profile, name = ''): number {
  const types = p.sampleTypes.map((t) => t.type);
  if (name === '') {
    const d = p.defaultSampleType;
    const i = d === '' ? -1 : types.indexOf(d);
    return i >= 0 ? i : types.length - 1;
  }
  if (/^\d+$/.test(name)) {
    const i = Number(name);
    if (i >= types.length) throw new ProfileError(`sample index ${name} is outside the range [0..${types.length - 1}]`);
    return i;
  }
  const noInuse = name.replace(/^inuse_/, '');
  const i = types.findIndex((t) => t === name || t === noInuse);
  if (i < 0) throw new ProfileError(`sample type "${name}" must be one of: ${types.join(', ')}`);
  return i;
}

/** "cpu/nanoseconds": how the CLI and the UI name a sample type. */
export function sampleTypeLabel(p: Profile, index: number): string {
  const t = p.sampleTypes[index];
  return `${t.type}/${t.unit}`;
}
