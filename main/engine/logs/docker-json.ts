import type { LogContext, LogFormat, ParsedLine } from './format';
import { levelAfterOwnStamp } from './generic';
import { messageLevel } from './level';
import { readIso, scan } from './scan';
import { cachedSourceFromPath } from './source';

const LOG_KEY = '{"log":"';
const TIME_KEY = '"time":"';

/**
 * Docker's json-file driver: {"log":"…\n","stream":"stderr","time":"<RFC3339Nano>"} (moby's jsonlog;
 * "attrs" may sit between). The time key is searched from the end, where moby writes it; the level from
 * the start of the "log" value, whose first characters need no unescaping for the markers looked for.
 */
export const dockerJsonFormat: LogFormat = {
  kind: 'docker-json-log',
  fullStamps: true,
  sniff(lines: string[]): boolean {
    const first = lines.find((l) => l !== '');
    return first !== undefined && first.startsWith(LOG_KEY) && first.includes(TIME_KEY);
  },
  parse(line: string, ctx: LogContext): ParsedLine {
    const source = cachedSourceFromPath(ctx.artifactPath);
    const at = line.lastIndexOf(TIME_KEY);
    const t = at < 0 ? NaN : readIso(line, at + TIME_KEY.length);
    const ts = t === t && scan.zoned ? t : null;
    const level = line.startsWith(LOG_KEY) ? messageLevel(line, LOG_KEY.length) ?? levelAfterOwnStamp(line, LOG_KEY.length) : null;
    return { ts, source, level };
  },
};
