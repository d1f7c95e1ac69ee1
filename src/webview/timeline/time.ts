/**
 * How the page writes moments: readably, in the reader's time zone (`Thu 19 Nov 2026, 09:30`),
 * with the exact ISO time kept for tooltips. English names, like the rest of the page.
 */

const FORMAT = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

type Part = 'weekday' | 'day' | 'month' | 'year' | 'hour' | 'minute';

function parts(ms: number): Record<Part, string> {
  const out: Record<Part, string> = { weekday: '', day: '', month: '', year: '', hour: '', minute: '' };
  for (const p of FORMAT.formatToParts(new Date(ms))) if (p.type in out) out[p.type as Part] = p.value;
  return out;
}

/** `Thu 19 Nov 2026, 09:30` in the reader's zone. */
export function readable(ms: number): string {
  const p = parts(ms);
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`;
}

/** `19 Nov 2026, 09:30` (axis ticks and ranges). */
export function readableShort(ms: number): string {
  const p = parts(ms);
  return `${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`;
}

/** The exact moment, ISO 8601 in UTC with milliseconds (tooltips, `datetime` attributes). */
export function exact(ms: number): string {
  return new Date(ms).toISOString();
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * How far `ms` is from `referenceMs`, in words: `5 days before this moment`, or against now
 * (`reference` null): `5 days ago`.
 */
export function relative(ms: number, referenceMs: number, reference: string | null): string {
  const d = referenceMs - ms;
  const abs = Math.abs(d);
  if (abs < MINUTE) {
    if (reference === null) return 'just now';
    return abs === 0 ? `at ${reference}` : `less than a minute ${d > 0 ? 'before' : 'after'} ${reference}`;
  }
  let amount: string;
  if (abs < HOUR) amount = plural(Math.floor(abs / MINUTE), 'minute');
  else if (abs < 2 * DAY) amount = plural(Math.floor(abs / HOUR), 'hour');
  else if (abs < 60 * DAY) amount = plural(Math.floor(abs / DAY), 'day');
  else if (abs < 730 * DAY) amount = plural(Math.floor(abs / (30 * DAY)), 'month');
  else amount = plural(Math.floor(abs / (365 * DAY)), 'year');
  if (reference === null) return d > 0 ? `${amount} ago` : `in ${amount}`;
  return `${amount} ${d > 0 ? 'before' : 'after'} ${reference}`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * The moment field's text: `2026-11-24 14:47` in the reader's zone, 24-hour like every other time
 * on the page (seconds only when there are some: `14:47:30`).
 */
export function momentText(ms: number): string {
  const d = new Date(ms);
  const seconds = d.getSeconds() ? `:${pad(d.getSeconds())}` : '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}${seconds}`;
}

const MOMENT_TEXT = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$/;

/**
 * A moment typed in the field, in the reader's zone: `2026-11-24 14:47`, `2026-11-24 14:47:30`,
 * `2026-11-24T14:47` or a date alone (midnight). NaN when it is not one, or names a day or an
 * hour that does not exist (`2026-02-30`, `25:00`).
 */
export function parseMomentText(text: string): number {
  const m = MOMENT_TEXT.exec(text);
  if (!m) return NaN;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return NaN;
  const d = new Date(year, month - 1, day, hour, minute, second);
  // A day past the month's end rolls over: refuse it rather than answer for another day.
  if (d.getFullYear() !== year || d.getMonth() !== month - 1 || d.getDate() !== day) return NaN;
  return d.getTime();
}

/** `UTC` or `UTC+01:00`: the reader's offset at that moment, as the moment field's unit. */
export function zoneShort(ms: number = Date.now()): string {
  const minutes = -new Date(ms).getTimezoneOffset();
  if (minutes === 0) return 'UTC';
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** `52 min`, `3 h 5 min`, `2 d 4 h`: a duration, short. */
export function duration(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / MINUTE);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** `local time, UTC+01:00`: the reader's offset at that moment. */
export function zoneLabel(ms: number = Date.now()): string {
  const minutes = -new Date(ms).getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `local time, UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
