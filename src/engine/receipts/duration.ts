import { EdgitError } from '../errors';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A duration as typed: `15m`, `1h`, `90s`, `0s`, `1h30m`, `2d` (ms, s, m, h, d). `what` names the
 * option, for the error.
 */
export function parseDuration(text: string, what: string): number {
  const t = text.trim();
  const part = /(\d{1,9})(ms|s|m|h|d)/y;
  let total = 0;
  let pos = 0;
  while (pos < t.length) {
    part.lastIndex = pos;
    const m = part.exec(t);
    if (!m) break;
    total += Number(m[1]) * UNIT_MS[m[2]];
    pos = part.lastIndex;
  }
  if (!t || pos !== t.length || !Number.isSafeInteger(total)) {
    throw new EdgitError(`${what} is "${text}", which is not a duration.`, 'bad-usage', 'Give a number and a unit: 15m, 1h, 90s, 0s, 1h30m (ms, s, m, h, d).');
  }
  return total;
}

/** A duration in people's words: `1 h`, `15 min`, `1 h 30 min`, `45 s`. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h} h${m ? ` ${m} min` : ''}` : `${m} min`;
}
