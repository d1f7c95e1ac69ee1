import { Git } from './git';

/**
 * Git objects read through `git cat-file --batch`: each object arrives as a header line
 * (`<id> <type> <size>`) and exactly `size` bytes, so nothing an object contains (a tag message
 * with 0x1e, a tagger with `\r`, a commit message with NUL) can break the framing. Everything a
 * remote sends is read this way; separator-framed listings only carry names, ids and types,
 * whose characters git restricts.
 */

const LF = 10;
const SPACE = 32;
const BLANK_LINE = Buffer.from('\n\n');

/** One object: its type and its bytes. */
export interface RawObject {
  readonly type: string;
  readonly body: Buffer;
}

/** A hex object id of SHA-1 or SHA-256 length. */
export function isObjectId(s: string): boolean {
  if (s.length !== 40 && s.length !== 64) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/**
 * The objects among `ids` (duplicates asked once), in one `git cat-file --batch`. Missing
 * objects are absent from the map. Ids that are not hex object ids are never sent to git.
 */
export async function readObjects(git: Git, ids: Iterable<string>): Promise<Map<string, RawObject>> {
  const unique = [...new Set(ids)].filter(isObjectId);
  if (!unique.length) return new Map();
  const out = (await git.run(['cat-file', '--batch', '--buffer'], { input: unique.map((o) => `${o}\n`).join('') })).stdout;
  return parseBatchOutput(out, unique);
}

/**
 * Parses `git cat-file --batch` output for the ids asked, in order. Each record must be the
 * header of the id asked (or `<id> missing`) with a size that fits in what is left: anything else
 * stops the parse (what was read before stays). Every step moves forward by at least one byte.
 */
function parseBatchOutput(out: Buffer, asked: readonly string[]): Map<string, RawObject> {
  const objects = new Map<string, RawObject>();
  forEachObject(out, asked, (id, type, start, end) => objects.set(id, { type, body: out.subarray(start, end) }));
  return objects;
}

/**
 * Calls `visit` with each object of `git cat-file --batch` output (see parseBatchOutput): its id,
 * type, and where its bytes are in `out` (no copy). `out` may also be that output decoded as
 * latin1 (a character a byte: the same positions).
 */
export function forEachObject(out: Buffer | string, asked: readonly string[], visit: (id: string, type: string, start: number, end: number) => void): void {
  const text = typeof out === 'string';
  let pos = 0;
  for (const id of asked) {
    const nl = text ? out.indexOf('\n', pos) : out.indexOf(LF, pos);
    if (nl < 0) break;
    const header = text ? out.slice(pos, nl) : out.toString('latin1', pos, nl);
    pos = nl + 1;
    const first = header.indexOf(' ');
    if (first !== id.length || !header.startsWith(id)) break;
    const second = header.indexOf(' ', first + 1);
    if (second < 0) {
      const rest = header.slice(first + 1);
      if (rest === 'missing' || rest === 'ambiguous') continue;
      break;
    }
    const type = header.slice(first + 1, second);
    const size = Number(header.slice(second + 1));
    const after = pos + size;
    if (!Number.isSafeInteger(size) || size < 0 || header.length - second - 1 > 15 || after + 1 > out.length) break;
    if (text ? out.charCodeAt(after) !== LF : out[after] !== LF) break;
    visit(id, type, pos, after);
    pos = after + 1;
  }
}

/** Earliest and latest moment a JavaScript Date holds, in ms. */
const MAX_DATE_MS = 8.64e15;

/** Whether `ms` is a moment a Date can hold (not NaN, not infinite, within ±8.64e15). */
export function isValidMs(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS;
}

/** A `Name <email> <seconds> <zone>` line of a tag or commit header, as git reads it. */
interface Ident {
  readonly name: string;
  readonly email: string;
  /** The moment in ms, or null when the date is missing, unreadable or out of range. */
  readonly ms: number | null;
  /** The moment as git's `iso-strict` prints it, in the ident's own zone (`2026-11-24T14:47:00+01:00`); '' when ms is null. */
  readonly iso: string;
  /** Why the date could not be read, when it could not. */
  readonly dateProblem: string | null;
}

/** Parses an ident as git splits it: the name before the first `<`, the email up to the next `>`, the date after the last `>`. */
function parseIdent(line: string): Ident {
  const lt = line.indexOf('<');
  const gt = lt >= 0 ? line.indexOf('>', lt + 1) : -1;
  let nameEnd = lt >= 0 ? lt : line.length;
  while (nameEnd > 0 && line.charCodeAt(nameEnd - 1) === SPACE) nameEnd--;
  const name = line.charCodeAt(0) === SPACE ? line.slice(0, nameEnd).trim() : line.slice(0, nameEnd);
  const email = lt >= 0 ? line.slice(lt + 1, gt >= 0 ? gt : line.length) : '';
  const last = line.lastIndexOf('>');
  const date = readDate(line, last >= 0 ? last + 1 : line.length);
  if (typeof date === 'string') return { name, email, ms: null, iso: '', dateProblem: date };
  return { name, email, ms: date.ms, iso: isoWithOffset(date.ms, date.offset), dateProblem: null };
}

/** ` <seconds> <±hhmm>` from `at` to the end of `line`: the moment and the zone's offset in minutes, or why not. */
function readDate(line: string, at: number): { ms: number; offset: number } | string {
  let i = at;
  while (line.charCodeAt(i) === SPACE) i++;
  const digitsAt = i;
  let seconds = 0;
  for (let c = line.charCodeAt(i); c >= 48 && c <= 57; c = line.charCodeAt(++i)) seconds = seconds * 10 + (c - 48);
  const digits = i - digitsAt;
  if (!digits || line.charCodeAt(i) !== SPACE) return 'date unreadable';
  while (line.charCodeAt(i) === SPACE) i++;
  const sign = line.charCodeAt(i);
  const h1 = line.charCodeAt(i + 1) - 48;
  const h2 = line.charCodeAt(i + 2) - 48;
  const m1 = line.charCodeAt(i + 3) - 48;
  const m2 = line.charCodeAt(i + 4) - 48;
  const digit = (d: number) => d >= 0 && d <= 9;
  if ((sign !== 43 && sign !== 45) || !digit(h1) || !digit(h2) || !digit(m1) || !digit(m2)) return 'date unreadable';
  for (let j = i + 5; j < line.length; j++) if (line.charCodeAt(j) !== SPACE) return 'date unreadable';
  const offset = (sign === 45 ? -1 : 1) * ((h1 * 10 + h2) * 60 + m1 * 10 + m2);
  const ms = seconds * 1000;
  if (digits > 16 || !isValidMs(ms) || !isValidMs(ms + offset * 60_000) || Math.abs(offset) > 24 * 60) {
    return `date out of range (${line.slice(digitsAt, digitsAt + Math.min(digits, 20))})`;
  }
  return { ms, offset };
}

const two = (n: number): string => (n < 10 ? '0' : '') + n;

/** `YYYY-MM-DDT` of each day number met (days since 1970-01-01): tags are made on few days. */
const dayPrefixes = new Map<number, string>();

/** `2026-11-24T14:47:00+01:00` for a moment and an offset in minutes, as git's iso-strict. */
function isoWithOffset(ms: number, offsetMinutes: number): string {
  const local = Math.floor(ms / 1000) + offsetMinutes * 60;
  const days = Math.floor(local / 86_400);
  const daySeconds = local - days * 86_400;
  let prefix = dayPrefixes.get(days);
  if (prefix === undefined) {
    prefix = civilDate(days);
    if (dayPrefixes.size < 100_000) dayPrefixes.set(days, prefix);
  }
  const abs = Math.abs(offsetMinutes);
  return (
    prefix +
    two(Math.floor(daySeconds / 3600)) +
    ':' +
    two(Math.floor((daySeconds % 3600) / 60)) +
    ':' +
    two(daySeconds % 60) +
    (offsetMinutes < 0 ? '-' : '+') +
    two(Math.floor(abs / 60)) +
    ':' +
    two(abs % 60)
  );
}

/** `YYYY-MM-DDT` of a day number (days since 1970-01-01, proleptic Gregorian). */
function civilDate(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const yearText = year >= 0 && year <= 9999 ? String(year).padStart(4, '0') : String(year);
  return `${yearText}-${two(month)}-${two(day)}T`;
}

/** What the header and message of a tag or commit object say (each header line's first occurrence). */
export interface ParsedObject {
  /** `object` and `type` of a tag object (what it points at); '' for commits. */
  readonly object: string;
  readonly objectType: string;
  /** The `tag` line of a tag object: the name it was created with. */
  readonly tagName: string;
  readonly tagger: Ident | null;
  readonly author: Ident | null;
  readonly committer: Ident | null;
  /** The message's subject, as git's `%(contents:subject)` gives it (the first paragraph, its lines joined by spaces). */
  readonly subject: string;
  /** Where the message starts in the object's bytes (after the header's blank line). */
  readonly messageStart: number;
}


/** Text read as latin1 (one character per byte) decoded as the UTF-8 it is; the same string when it is ASCII. */
function utf8Of(latin1: string): string {
  for (let i = 0; i < latin1.length; i++) if (latin1.charCodeAt(i) > 127) return Buffer.from(latin1, 'latin1').toString('utf8');
  return latin1;
}

/**
 * Parses a tag or commit object's bytes (`body` from `from` to `to`): its header decoded once as
 * latin1, then parseObjectText. Never throws.
 */
export function parseObject(body: Buffer, from = 0, to = body.length): ParsedObject {
  let end = body.indexOf(BLANK_LINE, from);
  if (end < 0 || end > to) end = to;
  const parsed = parseObjectText(body.toString('latin1', from, end), 0, end - from);
  const messageStart = Math.min(end + 2, to);
  return { ...parsed, subject: subjectOf(body, messageStart, to), messageStart };
}

/**
 * Parses a tag or commit object given as latin1 text (a character a byte: `text` from `from` to
 * `to`, e.g. `git cat-file --batch` output decoded once). Header lines end at the first blank line;
 * continuation lines (a signature) start with a space and are skipped; of each header, the first
 * occurrence counts. Values are slices of `text`, decoded as UTF-8 only when not ASCII. Never throws.
 */
export function parseObjectText(text: string, from: number, to: number): ParsedObject {
  let end = text.indexOf('\n\n', from);
  if (end < 0 || end > to) end = to;
  let object: string | undefined;
  let objectType: string | undefined;
  let tagName: string | undefined;
  let tagger: Ident | null | undefined;
  let author: Ident | null | undefined;
  let committer: Ident | null | undefined;
  let pos = from;
  while (pos < end) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0 || nl > end) nl = end;
    switch (text.charCodeAt(pos)) {
      case 111: // o
        if (object === undefined && text.startsWith('object ', pos)) object = text.slice(pos + 7, nl);
        break;
      case 116: // t
        if (text.startsWith('type ', pos)) objectType ??= text.slice(pos + 5, nl);
        else if (text.startsWith('tag ', pos)) tagName ??= utf8Of(text.slice(pos + 4, nl));
        else if (tagger === undefined && text.startsWith('tagger ', pos)) tagger = parseIdent(utf8Of(text.slice(pos + 7, nl)));
        break;
      case 97: // a
        if (author === undefined && text.startsWith('author ', pos)) author = parseIdent(utf8Of(text.slice(pos + 7, nl)));
        break;
      case 99: // c
        if (committer === undefined && text.startsWith('committer ', pos)) committer = parseIdent(utf8Of(text.slice(pos + 10, nl)));
        break;
    }
    pos = nl + 1;
  }
  const messageStart = Math.min(end + 2, to);
  return {
    object: object ?? '',
    objectType: objectType ?? '',
    tagName: tagName ?? '',
    tagger: tagger ?? null,
    author: author ?? null,
    committer: committer ?? null,
    subject: subjectOfText(text, messageStart, to),
    messageStart,
  };
}

/** subjectOf for latin1 text. */
function subjectOfText(text: string, start: number, to: number): string {
  while (start < to && text.charCodeAt(start) === LF) start++;
  let end = text.indexOf('\n\n', start);
  if (end < 0 || end > to) end = to;
  while (end > start && text.charCodeAt(end - 1) === LF) end--;
  const subject = utf8Of(text.slice(start, end));
  return subject.includes('\n') ? subject.replace(/\n/g, ' ') : subject;
}

/** The first paragraph of the message starting at `start`, its lines joined by spaces (read without decoding the rest). */
function subjectOf(body: Buffer, start: number, to: number): string {
  while (start < to && body[start] === LF) start++;
  let end = body.indexOf(BLANK_LINE, start);
  if (end < 0 || end > to) end = to;
  while (end > start && body[end - 1] === LF) end--;
  const text = body.toString('utf8', start, end);
  return text.includes('\n') ? text.replace(/\n/g, ' ') : text;
}
