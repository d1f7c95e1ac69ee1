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

/** The value a datetime-local input takes: local time, to the second. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A datetime-local input's value as ms (NaN when empty or invalid). */
export function fromLocalInput(value: string): number {
  if (!value) return NaN;
  return new Date(value.length === 16 ? `${value}:00` : value).getTime();
}

/** `local time, UTC+01:00`: the reader's offset at that moment. */
export function zoneLabel(ms: number = Date.now()): string {
  const minutes = -new Date(ms).getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `local time, UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
