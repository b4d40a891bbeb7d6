import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRulesMarkdown, rulesDocPath } from './gen-docs';
import { RULES } from './index';

describe('docs/rules.md', () => {
  it('is up to date with the rule definitions (regenerate: npm run docs:rules)', () => {
    const file = path.resolve(__dirname, '..', '..', '..', 'docs', 'rules.md');
    expect(rulesDocPath()).toBe(file);
    expect(fs.readFileSync(file, 'utf8')).toBe(renderRulesMarkdown());
  });
  it('documents every rule with its meaning, remedy and links', () => {
    const md = renderRulesMarkdown();
    for (const r of RULES) {
      expect(md).toContain(`### \`${r.id}\` — ${r.title}`);
      expect(md).toContain(r.remedy);
      for (const l of r.links) expect(md).toContain(`<${l}>`);
    }
  });
});
