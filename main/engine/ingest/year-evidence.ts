/**
 * Evidence inside a log of when it was written, for stamps without a year (journalctl's short format,
 * syslog, klog): the journal's own banner. Read from the first bytes of the file only.
 */
export interface LogTimeEvidence {
  /** The log's end ("end at", "ends at"): year-less stamps belong to the year up to it. */
  endMs?: number;
  /** The log's start when no end is given: year-less stamps come after it. */
  beginMs?: number;
  /** The banner line, quoted in the UI. */
  quote: string;
}

// "-- Logs begin at Wed 2019-10-02 07:12:01 UTC, end at Thu 2019-10-03 10:00:00 UTC. --" (systemd < 246)
// "-- Journal begins at Mon 2021-06-21 08:01:02 CEST, ends at Tue 2021-06-22 09:00:00 CEST. --" (246+)
const BANNER = /^-- (?:Logs begin at|Journal begins at) \w{3} (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?: ([A-Z]{1,6}|[+-]\d{2}:?\d{2}))?(?:, ends? at \w{3} (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?: ([A-Z]{1,6}|[+-]\d{2}:?\d{2}))?)?/;

export function journalBannerEvidence(head: string): LogTimeEvidence | null {
  const nl = head.indexOf('\n');
  const first = (nl < 0 ? head : head.slice(0, nl)).slice(0, 300);
  const m = BANNER.exec(first);
  if (!m) return null;
  const at = (i: number): number => {
    const base = Date.UTC(+m[i], +m[i + 1] - 1, +m[i + 2], +m[i + 3], +m[i + 4], +m[i + 5]);
    return base - offsetMs(m[i + 6]);
  };
  return m[8] ? { endMs: at(8), quote: first } : { beginMs: at(1), quote: first };
}

/**
 * Offset of a zone named in a banner. Abbreviations other than UTC/GMT are ambiguous: taken as UTC,
 * which can move a stamp by hours but not by a year (the banner only decides the year).
 */
function offsetMs(zone: string | undefined): number {
  const m = zone ? /^([+-])(\d\d):?(\d\d)$/.exec(zone) : null;
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

const ISO_IN_LINE = /((?:19|20)\d\d)-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)/;

/**
 * Year-less lines whose messages carry full dates (`time="2022-03-22T22:07:48Z"` after a syslog
 * stamp): when most of the first lines do, and they agree on the year, the earliest of them is a
 * lower bound for the file. A lone date in a message (a certificate's) is not enough.
 */
export function neighbourLinesEvidence(firstLines: readonly string[]): LogTimeEvidence | null {
  const lines = firstLines.slice(0, 20).filter((l) => l !== '');
  let dated = 0;
  let year: string | null = null;
  let earliest: { key: string; m: RegExpExecArray; line: string } | null = null;
  for (const line of lines) {
    const m = ISO_IN_LINE.exec(line.slice(0, 400));
    if (!m) continue;
    dated++;
    if (year !== null && m[1] !== year) return null;
    year = m[1] as string;
    // Fixed-width digits: the earliest date is the smallest key (one Date.UTC for it, not one a line).
    const key = m.slice(2, 7).join('');
    if (!earliest || key < earliest.key) earliest = { key, m, line };
  }
  if (!earliest || dated < 5 || dated * 2 < lines.length) return null;
  const m = earliest.m;
  const ms = Date.UTC(+(m[1] as string), +(m[2] as string) - 1, +(m[3] as string), +(m[4] as string), +(m[5] as string), +(m[6] as string));
  return { beginMs: ms - 86_400_000, quote: earliest.line.slice(0, 200) };
}
