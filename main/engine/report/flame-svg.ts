import type { FlameNode } from '../../../shared/api/profiles';
import { escapeXml } from './escape';

/**
 * A static flame graph (icicle: the subtree's root on top, callees below) as one SVG document with no
 * script: every frame a rect with its name as a label when it fits and as a <title> tooltip.
 */

export interface FlameSvgOptions {
  width?: number;
  rowHeight?: number;
  maxDepth?: number;
  /** Formats a value for tooltips ("1.2 s", "34 MB"). */
  format?: (value: number) => string;
}

const CHAR_WIDTH = 6.6;
const MIN_WIDTH = 0.5;

/** A warm colour fixed by the name, so the same function has the same colour in every graph. */
function colour(name: string, elided: boolean): string {
  if (elided) return '#c8c8c8';
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
  return `hsl(${10 + (h % 40)}, ${70 + (h % 20)}%, ${58 + ((h >> 8) % 12)}%)`;
}

function label(name: string, width: number): string {
  const fits = Math.floor((width - 6) / CHAR_WIDTH);
  if (fits < 3) return '';
  const chars = Array.from(name);
  return chars.length <= fits ? name : `${chars.slice(0, fits - 1).join('')}…`;
}

interface Frame {
  node: FlameNode;
  x: number;
  depth: number;
  width: number;
}

function layout(root: FlameNode, width: number, maxDepth: number): Frame[] {
  const frames: Frame[] = [];
  const scale = root.value > 0 ? width / root.value : 0;
  const stack: Frame[] = [{ node: root, x: 0, depth: 0, width }];
  while (stack.length) {
    const f = stack.pop()!;
    frames.push(f);
    if (f.depth + 1 >= maxDepth) continue;
    let x = f.x;
    for (const c of f.node.children) {
      const w = Math.abs(c.value) * scale;
      if (w >= MIN_WIDTH) stack.push({ node: c, x, depth: f.depth + 1, width: w });
      x += w;
    }
  }
  return frames;
}

export function flameSvg(root: FlameNode, options: FlameSvgOptions = {}): string {
  const width = options.width ?? 960;
  const row = options.rowHeight ?? 17;
  const format = options.format ?? ((v: number) => String(v));
  const frames = layout(root, width, options.maxDepth ?? 64);
  const depth = frames.reduce((m, f) => Math.max(m, f.depth), 0) + 1;
  const height = depth * row;
  const total = Math.abs(root.value) || 1;
  const parts = frames.map((f) => {
    const name = f.node.elided ? 'frames too narrow to draw, merged' : f.node.name;
    const share = ((100 * Math.abs(f.node.value)) / total).toFixed(1);
    const text = label(f.node.elided ? '…' : f.node.name, f.width);
    return (
      `<g><title>${escapeXml(`${name}: ${format(f.node.value)} (${share}% of this graph), self ${format(f.node.self)}`)}</title>` +
      `<rect x="${f.x.toFixed(2)}" y="${f.depth * row}" width="${Math.max(f.width - 0.5, 0.3).toFixed(2)}" height="${row - 1}" fill="${colour(f.node.name, !!f.node.elided)}"/>` +
      (text ? `<text x="${(f.x + 3).toFixed(2)}" y="${f.depth * row + row - 5}">${escapeXml(text)}</text>` : '') +
      '</g>'
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="flame" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">` +
    `<style>text{font:11px "Noto Sans Mono","Noto Sans Mono CJK SC","DejaVu Sans Mono",monospace;fill:#111}</style>` +
    parts.join('') +
    '</svg>'
  );
}
