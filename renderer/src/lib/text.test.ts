import { describe, expect, it } from 'vitest';
import { displayText, formatBytes, formatLimit, hexRows, highlightParts, searchWords, sourceLabel } from './text';

describe('bundle text on screen', () => {
  it('labels a pod log source by its container, then its pod and namespace; other sources as they are', () => {
    expect(sourceLabel('openshift-cluster-version/cluster-version-operator-849b4dcf9c-dl6zb/cluster-version-operator')).toEqual({ main: 'cluster-version-operator', rest: 'cluster-version-operator-849b4dcf9c-dl6zb · openshift-cluster-version' });
    expect(sourceLabel('hyperkube')).toEqual({ main: 'hyperkube', rest: '' });
    expect(sourceLabel('/var/log/x')).toEqual({ main: '/var/log/x', rest: '' });
  });

  it('drops terminal colour codes and shows other control characters as symbols', () => {
    expect(displayText('\u001b[31mE1105\u001b[0m failed\u0007 \u0000x\ty')).toBe('E1105 failed\u2407 \u2400x\ty');
  });

  it('marks every case-insensitive occurrence of the search words, keeping the text whole', () => {
    const parts = highlightParts('PLEG is not healthy: pleg was last seen', ['pleg']);
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['PLEG', 'pleg']);
    expect(parts.map((p) => p.text).join('')).toBe('PLEG is not healthy: pleg was last seen');
    expect(highlightParts('<img src=x>', [])).toEqual([{ text: '<img src=x>', hit: false }]);
  });

  it('takes the words of an FTS query, not its operators or quotes', () => {
    expect(searchWords('"failed to exit" AND SIGKILL OR kill* NOT docker')).toEqual(['failed to exit', 'SIGKILL', 'kill', 'docker']);
  });

  it('formats sizes and hex rows the way operators read them', () => {
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 * 1024 * 1024)).toBe('3.0 GiB');
    const [row] = hexRows(new Uint8Array([0x1f, 0x8b, 0x08, 0x41]), 32);
    expect(row).toEqual({ offset: '00000020', hex: '1f 8b 08 41', ascii: '...A' });
  });
});

describe('a limit on screen', () => {
  it("shows fs.file-max at the kernel's LONG_MAX (systemd's setting) as no limit, other limits as counts", () => {
    // /proc/sys/fs/file-nr on a systemd node: "1248 0 9223372036854775807"
    expect(formatLimit(Number('9223372036854775807'))).toBe('no limit');
    expect(formatLimit(1048576)).toBe('1,048,576');
  });
});
