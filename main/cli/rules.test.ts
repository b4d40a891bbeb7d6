import { describe, expect, it } from 'vitest';
import { RULES, RULES_VERSION } from '../engine/rules';
import { openWorkspace } from '../engine/store/workspace';
import type { CommandContext } from './command';
import { rulesCommand } from './rules';

function run(positionals: string[], json = false): { out: string; code: Promise<number> } {
  let out = '';
  const ctx: CommandContext = {
    args: { positionals, options: {}, lists: {}, flags: new Set(json ? ['json'] : []) },
    io: { stdout: (t) => (out += t), stderr: () => undefined, stderrIsTty: false },
    db: () => openWorkspace(':memory:'),
    json,
  };
  const code = rulesCommand.run(ctx);
  return { get out() { return out; }, code };
}

describe('nodescope rules', () => {
  it('lists every rule with its severity and the rule set version', async () => {
    const r = run([]);
    expect(await r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toHaveLength(RULES.length + 1);
    expect(lines[0]).toMatch(/^pleg-unhealthy\s+critical\s+Kubelet PLEG is not healthy/);
    expect(lines.at(-1)).toBe(`${RULES.length} rules, version ${RULES_VERSION}`);
  });
  it('prints one rule in full', async () => {
    const r = run(['cgroup-kmem-leak']);
    expect(await r.code).toBe(0);
    expect(r.out).toContain('What to do: Now: kubectl cordon the node');
    expect(r.out).toContain('https://github.com/moby/moby/issues/29638');
  });
  it('--json gives the catalogue the app shows', async () => {
    const r = run([], true);
    await r.code;
    const doc = JSON.parse(r.out) as { version: string; rules: { id: string; links: string[] }[] };
    expect(doc.version).toBe(RULES_VERSION);
    expect(doc.rules.map((x) => x.id)).toEqual(RULES.map((x) => x.id));
  });
  it('refuses an unknown rule id as a usage error', async () => {
    await expect(run(['no-such-rule']).code).rejects.toThrow('no rule "no-such-rule"');
  });
});
