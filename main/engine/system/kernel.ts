import type { KernelVersion } from '../../../shared/api/system';
import { fields, lines } from './text';

const ARCH_SUFFIX = /[.-](?:x86_64|amd64|aarch64|arm64|ppc64le|s390x|i[3-6]86)$/;

/**
 * "3.10.0-862.el7.x86_64" → 3.10.0, distro "el7"; "5.15.0-91-generic" → "generic";
 * "4.14.193-149.317.amzn2.x86_64" → "amzn2". The distro tag is the first suffix token with a letter.
 */
export function parseKernelRelease(release: string): KernelVersion | null {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?(.*)$/.exec(release.trim());
  if (!m) return null;
  const suffix = (m[4] as string).replace(ARCH_SUFFIX, '');
  const distro = suffix.split(/[.\-+_~]/).find((t) => /[a-z]/i.test(t)) ?? null;
  const el = /\.(el\d+(?:_\d+)?)/.exec(suffix);
  return {
    release: release.trim(),
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3] ?? 0),
    distro: el ? (el[1] as string) : distro,
  };
}

/** uname -a: "Linux vm 6.18.44-fc-v669 #1 SMP ... x86_64 GNU/Linux" → the release (third field). */
export function releaseFromUname(text: string): string | null {
  const f = fields(lines(text)[0] ?? '');
  return f[0] === 'Linux' && f[2] ? f[2] : null;
}

/** /proc/version: "Linux version 3.10.0-862.el7.x86_64 (mockbuild@...) ..." → the release. */
export function releaseFromProcVersion(text: string): string | null {
  const m = /^Linux version (\S+)/.exec(text.trim());
  return m ? (m[1] as string) : null;
}

export interface KernelModule {
  name: string;
  size: number;
  refcount: number;
  usedBy: string[];
  state: string;
  /** Taint flags, "(OE)" → "OE"; "" when untainted. */
  taint: string;
}

/** /proc/modules, as kernel/module/procfs.c m_show prints it: `name size refcnt deps, state 0xaddr [(taint)]`. */
export function parseModules(text: string): KernelModule[] {
  const out: KernelModule[] = [];
  for (const line of lines(text)) {
    const m = /^(\S+)\s+(\d+)\s+(-?\d+)\s+(\S+)\s+(Live|Loading|Unloading)(?:\s+0x[0-9a-f]+)?(?:\s+\((\w+)\))?/.exec(line);
    if (!m) continue;
    const deps = m[4] === '-' ? [] : (m[4] as string).split(',').filter(Boolean);
    out.push({ name: m[1] as string, size: Number(m[2]), refcount: Number(m[3]), usedBy: deps, state: m[5] as string, taint: m[6] ?? '' });
  }
  return out;
}

/** /proc/cmdline: parameters separated by spaces, a double-quoted value may hold spaces. */
export function parseCmdline(text: string): string[] {
  // A plain scan (a pattern of quoted and unquoted runs repeated would nest quantifiers).
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text.trim()) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r')) {
      if (current) out.push(current);
      current = '';
    } else current += ch;
  }
  if (current) out.push(current);
  return out;
}
