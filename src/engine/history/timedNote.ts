/**
 * A sentence with moments in it ("the first record is at …"), kept two ways: as text with each
 * moment in ISO 8601 (UTC), for the CLI and logs, and as parts, so that a page can write each
 * moment in its reader's time zone and keep the exact one at hand.
 */

/** Text, or a moment (ms since the epoch). */
export type NotePart = string | { readonly atMs: number };

export interface TimedNote {
  /** The sentence with ISO moments. */
  readonly note: string;
  readonly noteParts: readonly NotePart[];
}

/** A moment inside a timedNote template (a bare number would read as text). */
export interface NoteMoment {
  readonly atMs: number;
}

export const noteMoment = (atMs: number): NoteMoment => ({ atMs });

/** `timedNote\`seen there at ${noteMoment(ms)}\``: strings stay text, noteMoment(…) values are moments. */
export function timedNote(strings: TemplateStringsArray, ...values: readonly (string | NoteMoment)[]): TimedNote {
  const parts: NotePart[] = [];
  const text = (s: string): void => {
    if (!s) return;
    const last = parts[parts.length - 1];
    if (typeof last === 'string') parts[parts.length - 1] = last + s;
    else parts.push(s);
  };
  strings.forEach((s, i) => {
    text(s);
    if (i >= values.length) return;
    const v = values[i];
    if (typeof v === 'string') text(v);
    else parts.push({ atMs: v.atMs });
  });
  const note = parts.map((p) => (typeof p === 'string' ? p : new Date(p.atMs).toISOString())).join('');
  return { note, noteParts: parts };
}
