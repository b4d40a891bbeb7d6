import { describe, expect, it } from 'vitest';
import { ArgError } from './args';
import { profilesArgs } from './profiles';

describe('profiles API arguments arriving from the renderer', () => {
  const ref = { bundle: 1, path: 'pprof/kubelet/cpu.pb.gz' };

  it('passes well-formed calls through', () => {
    expect(profilesArgs.flameTree([ref, { sample: 'cpu', focus: 'pleg\\.', minShare: 0.001, inverted: true }])).toEqual([
      ref,
      expect.objectContaining({ sample: 'cpu', focus: 'pleg\\.', minShare: 0.001, inverted: true }),
    ]);
    expect(profilesArgs.exportProfile([ref, 'pprof', {}, { bundle: 2, path: 'pprof/kubelet/cpu.pb.gz' }])[3]).toEqual({ bundle: 2, path: 'pprof/kubelet/cpu.pb.gz' });
  });

  it('refuses what main must not trust', () => {
    expect(() => profilesArgs.profileTop([{ bundle: 0, path: 'x' }, {}])).toThrow(ArgError);
    expect(() => profilesArgs.profileTop([ref, { focus: '(' }])).toThrow(/not a valid regular expression/);
    expect(() => profilesArgs.profileTop([ref, { colour: 'red' }])).toThrow(/not a known field/);
    expect(() => profilesArgs.flameTree([ref, { maxNodes: 10_000_000 }])).toThrow(ArgError);
    expect(() => profilesArgs.exportProfile([ref, 'svg', {}])).toThrow(/format must be one of/);
    expect(() => profilesArgs.goroutines([{ bundle: 1, path: 42 }])).toThrow(ArgError);
  });
});
