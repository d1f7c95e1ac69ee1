import { escapeUntrusted, unmistakableName } from '../engine';
import { humanTime } from '../engine/humanTime';

/**
 * Text a model reads well: names unmistakable and values on one line (they come from tags, the
 * history and files anyone with push rights wrote), moments in ISO 8601 and in words, and lists
 * cut to a bound with a line saying what was left out.
 */

/** A name from a tag or a file, unmistakable (`pr\u043eduction` never passes for `production`). */
export const name = (text: string | null | undefined): string => (text ? unmistakableName(text) : '(none)');

/** A value from data (a reason, a tagger), on one line. */
export const value = (text: string | null | undefined): string => (text ? escapeUntrusted(text) : '');

/** `2 h 5 min ago`, `in 3 min`, `just now`. */
function ago(ms: number, now: number): string {
  const d = now - ms;
  const abs = Math.abs(d);
  const minutes = Math.round(abs / 60_000);
  if (minutes < 1) return 'just now';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const span = days ? `${days} d${hours ? ` ${hours} h` : ''}` : hours ? `${hours} h${mins ? ` ${mins} min` : ''}` : `${mins} min`;
  return d >= 0 ? `${span} ago` : `in ${span}`;
}

/** A moment in words and in ISO: `Tue 03 Feb 14:47 UTC (2026-02-03T14:47:00.000Z, 2 h ago)`. */
export function when(moment: string | number | Date | null | undefined, now: Date): string {
  if (moment === null || moment === undefined) return 'unknown time';
  const ms = moment instanceof Date ? moment.getTime() : typeof moment === 'number' ? moment : Date.parse(moment);
  if (!Number.isFinite(ms)) return value(String(moment));
  return `${humanTime(ms, now)} (${new Date(ms).toISOString()}, ${ago(ms, now.getTime())})`;
}

/** A version, else a short commit id, else `(none)`. */
export const position = (version: string | null | undefined, commit: string | null | undefined): string =>
  version ? name(version) : commit ? `commit ${commit.slice(0, 10)}` : '(none)';

/** The first `max` items, and how many were left out. */
export function bounded<T>(items: readonly T[], max: number): { shown: T[]; leftOut: number } {
  return { shown: items.slice(0, max), leftOut: Math.max(0, items.length - max) };
}

/** The line telling what a list left out, and how to ask for it; nothing when nothing was. */
export function leftOutLine(leftOut: number, what: string, ask: string): string[] {
  return leftOut ? [`… and ${leftOut} more ${what} not shown (${ask}).`] : [];
}

/** A text cut to `max` characters at a line end, with what was cut said. */
export function cutText(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  const end = text.lastIndexOf('\n', max);
  return { text: text.slice(0, end > max / 2 ? end : max), cut: true };
}
