import { Git } from './git';

/**
 * Git objects read through `git cat-file --batch`: each object arrives as a header line
 * (`<id> <type> <size>`) and exactly `size` bytes, so nothing an object contains (a tag message
 * with 0x1e, a tagger with `\r`, a commit message with NUL) can break the framing. Everything a
 * remote sends is read this way; separator-framed listings only carry names, ids and types,
 * whose characters git restricts.
 */

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
  const out = (await git.run(['cat-file', '--batch'], { input: unique.map((o) => `${o}\n`).join('') })).stdout;
  return parseBatchOutput(out, unique);
}

/**
 * Parses `git cat-file --batch` output for the ids asked, in order. Each record must be the
 * header of the id asked (or `<id> missing`) with a size that fits in what is left: anything else
 * stops the parse (what was read before stays). Every step moves forward by at least one byte.
 */
export function parseBatchOutput(out: Buffer, asked: readonly string[]): Map<string, RawObject> {
  const objects = new Map<string, RawObject>();
  let pos = 0;
  for (const id of asked) {
    const nl = out.indexOf(10, pos);
    if (nl < 0) break;
    const header = out.toString('latin1', pos, nl);
    pos = nl + 1;
    const first = header.indexOf(' ');
    if (first < 0 || header.slice(0, first) !== id) break;
    const rest = header.slice(first + 1);
    if (rest === 'missing' || rest === 'ambiguous') continue;
    const second = rest.indexOf(' ');
    const type = rest.slice(0, second);
    const sizeText = rest.slice(second + 1);
    if (second <= 0 || !/^\d{1,15}$/.test(sizeText)) break;
    const size = Number(sizeText);
    if (pos + size + 1 > out.length || out[pos + size] !== 10) break;
    objects.set(id, { type, body: out.subarray(pos, pos + size) });
    pos += size + 1;
  }
  return objects;
}

/** Earliest and latest moment a JavaScript Date holds, in ms. */
const MAX_DATE_MS = 8.64e15;

/** Whether `ms` is a moment a Date can hold (not NaN, not infinite, within ±8.64e15). */
export function isValidMs(ms: number): boolean {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS;
}

/** A `Name <email> <seconds> <zone>` line of a tag or commit header, as git reads it. */
export interface Ident {
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
export function parseIdent(line: string): Ident {
  const lt = line.indexOf('<');
  const gt = lt >= 0 ? line.indexOf('>', lt + 1) : -1;
  const name = (lt >= 0 ? line.slice(0, lt) : line).trim();
  const email = lt >= 0 ? line.slice(lt + 1, gt >= 0 ? gt : line.length) : '';
  const last = line.lastIndexOf('>');
  const m = /^ *(\d{1,20}) +([+-])(\d\d)(\d\d) *$/.exec(last >= 0 ? line.slice(last + 1) : '');
  if (!m) return { name, email, ms: null, iso: '', dateProblem: 'date unreadable' };
  const ms = Number(m[1]) * 1000;
  const offset = (m[2] === '-' ? -1 : 1) * (Number(m[3]) * 60 + Number(m[4]));
  if (!isValidMs(ms) || !isValidMs(ms + offset * 60_000) || Math.abs(offset) > 24 * 60) {
    return { name, email, ms: null, iso: '', dateProblem: `date out of range (${m[1].slice(0, 20)})` };
  }
  return { name, email, ms, iso: isoWithOffset(ms, offset), dateProblem: null };
}

/** `2026-11-24T14:47:00+01:00` for a moment and an offset in minutes, as git's iso-strict. */
export function isoWithOffset(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString();
  const clock = local.slice(0, local.indexOf('.'));
  const abs = Math.abs(offsetMinutes);
  const zone = `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return clock + zone;
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

/**
 * Parses a tag or commit object's bytes. Header lines end at the first blank line; continuation
 * lines (a signature) start with a space and are skipped. Never throws.
 */
export function parseObject(body: Buffer): ParsedObject {
  let end = body.indexOf('\n\n');
  if (end < 0) end = body.length;
  const head = body.toString('utf8', 0, end);
  const fields = new Map<string, string>();
  let pos = 0;
  while (pos < head.length) {
    let nl = head.indexOf('\n', pos);
    if (nl < 0) nl = head.length;
    const line = head.slice(pos, nl);
    pos = nl + 1;
    if (line.startsWith(' ')) continue;
    const space = line.indexOf(' ');
    const key = space < 0 ? line : line.slice(0, space);
    if (!fields.has(key)) fields.set(key, space < 0 ? '' : line.slice(space + 1));
  }
  const ident = (key: string): Ident | null => {
    const v = fields.get(key);
    return v === undefined ? null : parseIdent(v);
  };
  return {
    object: fields.get('object') ?? '',
    objectType: fields.get('type') ?? '',
    tagName: fields.get('tag') ?? '',
    tagger: ident('tagger'),
    author: ident('author'),
    committer: ident('committer'),
    subject: subjectOf(body, Math.min(end + 2, body.length)),
    messageStart: Math.min(end + 2, body.length),
  };
}

/** The first paragraph of the message starting at `start`, its lines joined by spaces (read without decoding the rest). */
function subjectOf(body: Buffer, start: number): string {
  while (body[start] === 10) start++;
  let end = body.indexOf('\n\n', start);
  if (end < 0) end = body.length;
  return body.toString('utf8', start, end).replace(/\n+$/, '').replace(/\n/g, ' ');
}
