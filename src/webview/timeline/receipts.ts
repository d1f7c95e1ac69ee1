import type { ReceiptView, ServedView } from '../../extension/timeline/protocol';
import { clockLabel, dayLabel } from './axis';
import { readable } from './time';

/**
 * How the page words deploy receipts (a deploy job's report that an environment serves a
 * position): the label of a receipt on its track, and the sentence of what an environment served
 * at the moment. Pure (no DOM): the renderers turn the parts into text nodes, <time> elements and
 * the run's button; nothing here is ever markup.
 */

/** `deploy-bot` of `deploy-bot <bot@ci.example>`: the name alone (the whole one is in the hover card). */
export function personName(by: string): string {
  const m = /^(.*\S)\s*<[^<>]*>$/.exec(by);
  return m ? m[1] : by;
}

/** A position in a few characters: its version, else its short commit. */
function position(version: string | null, commit: string | null): string {
  return version ?? commit ?? '?';
}

/** A receipt's words on its track: `reported live: v1.1.0 by deploy-bot`. */
export function receiptLabel(r: ReceiptView): string {
  return `reported live: ${position(r.version, r.commit)} by ${personName(r.by)}`;
}

/** A piece of the served sentence: text, a moment (written as `text`, the exact one in its tooltip), or the run's link. */
export type ServedPart = string | { readonly atMs: number; readonly text: string } | { readonly run: string };

/** A moment near another: its clock time on the same day (`14:55`), else readably with its day. */
function near(ms: number, referenceMs: number): { atMs: number; text: string } {
  const a = new Date(ms);
  const b = new Date(referenceMs);
  return { atMs: ms, text: dayLabel(a) === dayLabel(b) && a.getFullYear() === b.getFullYear() ? clockLabel(a) : readable(ms) };
}

/**
 * What an environment served at the moment, in parts:
 * - live: `live v1.1.0 since 14:55 (run)`, and `, caches settle 15:55` while caches may still serve the previous one;
 * - pending: `serving v1.0.0 (deploy pending since 14:52)`, or `deploy pending since 14:52 (nothing reported live yet)`;
 * - reported (where the tag pointed then is not known): `reported live: v1.0.0 at 14:55 (run)`.
 */
export function servedParts(s: ServedView, momentMs: number): ServedPart[] {
  const what = position(s.version, s.commit);
  const run: ServedPart[] = s.receipt?.run ? [' (', { run: s.receipt.run }, ')'] : [];
  if (s.state === 'live') {
    const parts: ServedPart[] = [`live ${what}`];
    if (s.sinceMs !== null) parts.push(' since ', near(s.sinceMs, momentMs));
    parts.push(...run);
    if (s.settlesAtMs !== null && s.settlesAtMs > momentMs) parts.push(', caches settle ', near(s.settlesAtMs, momentMs));
    return parts;
  }
  if (s.state === 'pending') {
    const pending: ServedPart[] = s.sinceMs === null ? ['deploy pending'] : ['deploy pending since ', near(s.sinceMs, momentMs)];
    return s.version || s.commit ? [`serving ${what} (`, ...pending, ')'] : [...pending, ' (nothing reported live yet)'];
  }
  return [`reported live: ${what}`, ...(s.sinceMs === null ? [] : [' at ', near(s.sinceMs, momentMs)]), ...run];
}

/** The parts as the page shows them (the run's link reads `run`). */
export function servedText(parts: readonly ServedPart[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : 'run' in p ? 'run' : p.text)).join('');
}
