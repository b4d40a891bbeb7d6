import { describe, expect, it } from 'vitest';
import { evidenceMarkdown, markdownFence } from './clipboard';

describe('copy as Markdown', () => {
  it('quotes evidence in a fence no line of it can close, with where it comes from and a link', () => {
    const md = evidenceMarkdown({ title: 'PLEG *not* healthy', artifact: 'logs/journal/kubelet.service.log', line: 15, lineEnd: 16, text: 'a\n```\nb', link: 'http://127.0.0.1:1/#/b/1/logs' });
    expect(md).toBe('**PLEG \\*not\\* healthy** — `logs/journal/kubelet.service.log:15-16` ([open](http://127.0.0.1:1/#/b/1/logs))\n\n````\na\n```\nb\n````\n');
    expect(evidenceMarkdown({ artifact: 'proc/1/status', line: null, text: 'x' })).toBe('`proc/1/status`\n\n```\nx\n```\n');
    expect(markdownFence('plain')).toBe('```\nplain\n```');
  });
});
