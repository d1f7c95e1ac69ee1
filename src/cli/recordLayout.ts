/**
 * Records for people, laid out to a width (terminalWidth.ts): a line of essentials (when, what,
 * where), then indented lines of details (who, why, batch…). Nothing is cut: what does not fit
 * goes onto the next line.
 *
 * The rules:
 * - A record is made of pieces. A piece is placed whole on a line when it fits there, else it
 *   starts the next line (the essentials' continuation lines and every details line start at the
 *   details' indent).
 * - A piece longer than a whole line is broken at its spaces, when it may be (a reason, a name
 *   with spaces); each line it continues on starts with `…` right after the indent.
 * - A word longer than a line (a long tag name, a URL in a reason) is never cut: that line is
 *   longer than the width. It is the only way a line exceeds the width.
 *
 * Values from data are escaped before they get here (untrustedOutput.ts) and every piece starts
 * with the CLI's own words or a name (`by …`, `"…"`, a time, `prompts/x · production`), so a
 * value from data never starts a line — a continued one starts with `…`, never with what a CI
 * runner would read as a command (`::error::`).
 */

/** Marks the lines a piece continues on. */
export const CONTINUED = '…';

/** One part of a record: placed whole, or broken at spaces when `breakable` and longer than a line. */
export interface Piece {
  readonly text: string;
  readonly breakable?: boolean;
}

/** A piece placed whole (a name, a version, a time, the CLI's own words). */
export const fixed = (text: string): Piece => ({ text });
/** A piece that may be broken at its spaces when longer than a line (it holds a value from data). */
export const flowing = (text: string): Piece => ({ text, breakable: true });

export interface RecordSpec {
  /** The essentials, on the first line as far as they fit. */
  readonly head: readonly Piece[];
  /** Ends the first line when it fits there; else starts the first group of details (a `[set]`, a `since …`). */
  readonly headTail?: Piece;
  /** Groups of details: each group starts on a line of its own, its pieces side by side as they fit. */
  readonly details?: readonly (readonly Piece[])[];
  /** The indent of the first line. */
  readonly indent?: number;
  /** The indent of every other line (default: indent + 4). */
  readonly detailIndent?: number;
  /** Details go on the first line after the essentials when they fit there (a status row). */
  readonly detailsInline?: boolean;
  /** Between pieces on a line (default: two spaces). */
  readonly separator?: string;
}

/** Columns a text takes in a terminal: wide (East Asian) characters take two, combining marks none. */
export function textColumns(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x300) n += 1;
    else if (/\p{M}/u.test(ch)) continue;
    else n += isWide(c) ? 2 : 1;
  }
  return n;
}

function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x1f300 && c <= 0x1f64f) ||
    (c >= 0x1f900 && c <= 0x1f9ff) ||
    (c >= 0x20000 && c <= 0x3fffd)
  );
}

/** Lines being filled: the current one, and whether anything but its indent is on it. */
class Lines {
  readonly done: string[] = [];
  private current: string;
  private empty = true;

  constructor(
    private readonly width: number,
    private readonly separator: string,
    private readonly continuation: string,
    firstIndent: string,
  ) {
    this.current = firstIndent;
  }

  fits(text: string): boolean {
    return textColumns(this.current) + (this.empty ? 0 : textColumns(this.separator)) + textColumns(text) <= this.width;
  }

  append(text: string, separator = this.separator): void {
    this.current += this.empty ? text : separator + text;
    this.empty = false;
  }

  newLine(prefix = ''): void {
    if (!this.empty) this.done.push(this.current);
    this.current = this.continuation + prefix;
    this.empty = !prefix;
  }

  get hasContent(): boolean {
    return !this.empty;
  }

  place(piece: Piece): void {
    if (!piece.text) return;
    if (this.fits(piece.text)) return this.append(piece.text);
    if (this.hasContent) this.newLine();
    if (this.fits(piece.text) || !piece.breakable) return this.append(piece.text);
    this.flow(piece.text);
  }

  /** A piece longer than a line, broken at its spaces; the lines it continues on start with CONTINUED. */
  private flow(text: string): void {
    let started = false;
    for (const word of text.split(' ')) {
      if (!started) {
        this.append(word);
        started = true;
      } else if (this.fits(word)) {
        this.append(word, ' ');
      } else if (word !== '') {
        this.newLine(CONTINUED);
        this.append(word, '');
      }
    }
  }

  finish(): string[] {
    if (!this.empty) this.done.push(this.current);
    return this.done;
  }
}

/** A record's lines at `width` (see the rules above). */
export function layoutRecord(width: number, spec: RecordSpec): string[] {
  const indent = spec.indent ?? 0;
  const detailIndent = ' '.repeat(spec.detailIndent ?? indent + 4);
  const lines = new Lines(width, spec.separator ?? '  ', detailIndent, ' '.repeat(indent));
  for (const piece of spec.head) lines.place(piece);
  const tail = spec.headTail?.text ? spec.headTail : undefined;
  const details = spec.details ?? [];
  let groups = details.filter((g) => g.some((p) => p.text));
  if (tail && lines.fits(tail.text)) lines.place(tail);
  else if (tail) groups = [[tail, ...(details[0] ?? [])], ...details.slice(1)].filter((g) => g.some((p) => p.text));
  groups.forEach((group, i) => {
    if (!(i === 0 && spec.detailsInline && lines.fits(group.map((p) => p.text).join(spec.separator ?? '  ')))) lines.newLine();
    for (const piece of group) lines.place(piece);
  });
  return lines.finish();
}

/**
 * The CLI's own sentence (it may quote names, which hold no space) wrapped at its spaces to
 * `width`, the lines after the first indented by `indent`; the parts in `whole` (a time) are
 * never broken.
 */
export function wrapSentence(width: number, text: string, indent = 2, whole: readonly string[] = []): string[] {
  const KEEP = '\u0000';
  let protectedText = text;
  for (const w of whole.filter(Boolean)) protectedText = protectedText.split(w).join(w.split(' ').join(KEEP));
  const lines = new Lines(width, ' ', ' '.repeat(indent), '');
  for (const word of protectedText.split(' ').map((w) => w.split(KEEP).join(' '))) {
    if (lines.hasContent && !lines.fits(word)) lines.newLine();
    lines.append(word, ' ');
  }
  return lines.finish();
}
