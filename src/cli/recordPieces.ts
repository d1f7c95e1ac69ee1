import { humanTime } from '../engine/humanTime';
import { Piece, fixed, flowing } from './recordLayout';
import { shownText } from './untrustedOutput';

/**
 * The details records share (recordLayout.ts), each piece starting with the CLI's own words or
 * marks: `by NAME`, `"REASON"`, `batch ID`, `[recorded, set]`. Values from data are escaped
 * (untrustedOutput.ts) and never start a line.
 */

/** `by NAME`, or nothing when nobody is known. */
export const byPiece = (who: string | null | undefined): Piece => flowing(who ? `by ${shownText(who)}` : '');
/** A reason in quotes, or nothing. */
export const whyPiece = (why: string | null | undefined): Piece => flowing(why ? `"${shownText(why)}"` : '');
/** `batch ID`, or nothing. */
export const batchPiece = (batch: string | null | undefined): Piece => fixed(batch ? `batch ${shownText(batch)}` : '');
/** Words in brackets (`[recorded, set]`): how a record is known or what was done; a value in them is escaped by the caller. */
export const howPiece = (words: readonly (string | null | undefined)[]): Piece => {
  const shown = words.filter((w): w is string => !!w);
  return flowing(shown.length ? `[${shown.join(', ')}]` : '');
};

/**
 * The details of an event, in two groups: how and who with the batch on one line, then why on a
 * line of its own (the longest, and what a person reads whole).
 */
export function eventDetails(how: Piece | null, who: string | null | undefined, why: string | null | undefined, batch: string | null | undefined): Piece[][] {
  return [[...(how ? [how] : []), byPiece(who), batchPiece(batch)], [whyPiece(why)]];
}

/** A bad mark in a sentence: `marked bad by NAME on Tue 24 Nov 14:52 UTC: "REASON"` (describeMark's words, the time for people). */
export function markSentence(mark: { readonly by: string; readonly at: string; readonly reason: string | null }): string {
  return `marked bad by ${shownText(mark.by)} on ${humanTime(mark.at)}${mark.reason ? `: "${shownText(mark.reason)}"` : ''}`;
}
