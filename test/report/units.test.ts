import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FlameNode } from '../../shared/api/profiles';
import { findingKeys, reportArgs } from '../../shared/api/report';
import { escapeMarkdownInline, markdownFence } from '../../main/engine/report/escape';
import { flameSvg } from '../../main/engine/report/flame-svg';
import { chromiumPrinter, findChromium, NO_BROWSER_MESSAGE, windowPrinter } from '../../main/engine/report/pdf';
import { subtreeOf } from '../../main/engine/report/profiles';
import { tempDir } from '../support/tarball';
import { chromium } from 'playwright-core';
import { CHROMIUM, markdownOutsideFences } from './inspect';

const node = (name: string, value: number, children: FlameNode[] = []): FlameNode => ({
  name,
  value,
  self: value - children.reduce((s, c) => s + c.value, 0),
  children,
});

describe('Markdown escaping', () => {
  it('cannot be closed from inside a fence, whatever backticks a log line holds', () => {
    const line = 'kubelet: ``` closing? ```` still not </pre> <!-- -->';
    const block = markdownFence(line);
    expect(block.split('\n')[0]).toBe('`````text');
    expect(block.split('\n').at(-1)).toBe('`````');
    expect(markdownOutsideFences(`before\n\n${block}\n\nafter`)).toBe('before\n\n\nafter');
  });

  it('keeps links, images, HTML and headings from starting in inline text', () => {
    expect(escapeMarkdownInline('[x](javascript:alert(1)) ![i](http://e/x.png) <b>b</b> *e* `c` a|b')).toBe(
      '\\[x\\](javascript:alert(1)) \\!\\[i\\](http:\\/\\/e/x.png) &lt;b&gt;b&lt;/b&gt; \\*e\\* \\`c\\` a\\|b',
    );
    expect(escapeMarkdownInline('# not a heading\n- nor a list')).toBe('\\# not a heading - nor a list');
    expect(escapeMarkdownInline('1. no list, mail root@node, www.example.com')).toBe('1\\. no list, mail root\\@node, www\\.example.com');
    expect(escapeMarkdownInline('&lt; stays text')).toBe('&amp;lt; stays text');
  });
});

describe('flame subtree and SVG', () => {
  // NodeIPs called from two places, and once recursively under itself.
  const tree = node('root', 100, [
    node('syncProxyRules', 60, [node('NodeIPs', 50, [node('interfaceAddrTable', 30), node('NodeIPs', 10)])]),
    node('syncService', 30, [node('NodeIPs', 20, [node('interfaceAddrTable', 15)])]),
    node('gcDrain', 10),
  ]);

  it('merges a function over all its call sites, counting a recursive call once', () => {
    const sub = subtreeOf(tree, 'NodeIPs')!;
    expect(sub.value).toBe(70);
    expect(sub.children.map((c) => [c.name, c.value])).toEqual([['interfaceAddrTable', 45], ['NodeIPs', 10]]);
    expect(subtreeOf(tree, 'absent')).toBeNull();
  });

  it('draws frames as wide as their share, names escaped, no script', () => {
    const svg = flameSvg(node('root', 100, [node('a<script>', 75), node('b', 25)]), { width: 400 });
    expect(svg).not.toMatch(/<script/i);
    expect(svg).toContain('<title>a&lt;script&gt;: 75 (75.0% of this graph), self 75</title>');
    expect(svg).toMatch(/<rect x="0\.00" y="17" width="299\.50"/);
    expect(svg).toMatch(/<rect x="300\.00" y="17" width="99\.50"/);
  });

  it('leaves out frames narrower than half a pixel', () => {
    const svg = flameSvg(node('root', 1_000_000, [node('wide', 999_999), node('thin', 1)]), { width: 100 });
    expect(svg).toContain('wide');
    expect(svg).not.toContain('thin');
  });
});

describe('report API arguments', () => {
  it('numbers the findings of a rule that fired more than once', () => {
    expect(findingKeys([{ rule: 'oom-kill' }, { rule: 'crashloop-backoff' }, { rule: 'crashloop-backoff' }])).toEqual(['oom-kill#0', 'crashloop-backoff#0', 'crashloop-backoff#1']);
  });

  it('validates a draft from the renderer', () => {
    const draft = { bundle: 1, compare: null, title: 't', summary: '', impact: '', findings: [{ key: 'oom-kill#0', note: 'n' }], profiles: [] };
    expect(reportArgs.exportReport([draft, 'pdf'])).toEqual([draft, 'pdf']);
    expect(() => reportArgs.exportReport([draft, 'docx'])).toThrow('format must be one of html, markdown, pdf');
    expect(() => reportArgs.exportReport([{ ...draft, script: 'x' }, 'html'])).toThrow('draft.script is not a known field');
    expect(() => reportArgs.exportReport([{ ...draft, findings: [{ key: 1 }] }, 'html'])).toThrow('draft.findings[0].key');
    expect(reportArgs.reportDraft([3])).toEqual([3, null]);
  });
});

describe('finding a Chromium', () => {
  const tmp = tempDir('nodescope-chromium-');
  afterAll(() => tmp.cleanup());

  it('takes NODESCOPE_CHROMIUM, then a browser name on PATH', () => {
    const bin = path.join(tmp.dir, 'google-chrome');
    fs.writeFileSync(bin, '#!/bin/sh\n', { mode: 0o755 });
    expect(findChromium({ PATH: tmp.dir })).toBe(bin);
    expect(findChromium({ NODESCOPE_CHROMIUM: bin, PATH: '' })).toBe(bin);
    expect(findChromium({ NODESCOPE_CHROMIUM: path.join(tmp.dir, 'missing'), PATH: tmp.dir })).toBeNull();
  });

  it('without one, printing fails with a message that says what to install', async () => {
    await expect(chromiumPrinter(null).print('<p>x</p>')).rejects.toThrow(NO_BROWSER_MESSAGE);
  });
});

describe('the desktop printer (Electron printToPDF behind PrintWindow)', () => {
  it('prints the report from a temporary file it removes afterwards; here Chromium plays the window', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    const loaded: string[] = [];
    let destroyed = false;
    try {
      const page = await browser.newPage();
      const printer = windowPrinter(() => ({
        loadFile: async (file) => {
          loaded.push(file);
          await page.goto(`file://${file}`);
        },
        webContents: { printToPDF: async (o) => page.pdf({ format: o.pageSize, printBackground: o.printBackground }) },
        destroy: () => {
          destroyed = true;
        },
      }));
      const pdf = await printer.print('<!DOCTYPE html><meta charset="utf-8"><p>北京-worker-03</p>');
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await browser.close();
    }
    expect(loaded).toHaveLength(1);
    expect(fs.existsSync(loaded[0])).toBe(false);
    expect(destroyed).toBe(true);
  });
});

describe('Markdown escaping keeps numbers and versions readable', () => {
  it('escapes a leading list marker only where Markdown would start a list', () => {
    expect(escapeMarkdownInline('6.18.44-fc-v669')).toBe('6.18.44-fc-v669');
    expect(escapeMarkdownInline('205.17 s')).toBe('205.17 s');
    expect(escapeMarkdownInline('-v=4 flag')).toBe('-v=4 flag');
    expect(escapeMarkdownInline('- item')).toBe('\\- item');
    expect(escapeMarkdownInline('===')).toBe('\\===');
  });
});
