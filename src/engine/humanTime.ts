/**
 * The one form of a moment in the CLI's output for people: `Tue 24 Nov 14:52 UTC`.
 *
 * - In the local time zone of the process (TZ), as TIME arguments without an offset are read, the
 *   zone always written: `UTC` when the moment's offset is zero, else `UTC+1`, `UTC-5`, `UTC+5:30`
 *   (the offset of that moment, summer time included). `TZ=UTC edgit-deploy …` gives UTC.
 * - The day of the week, the day of the month (two digits, so that times line up), the month.
 * - The year only when it is not the current year (`Mon 24 Nov 2025 14:52 UTC`).
 * - Seconds only when they are not zero (`14:52:07`).
 *
 * `--json` keeps ISO 8601. This module imports nothing: the CLI's entry (bin.ts) uses
 * timeZoneIdentity to key the kept status answer.
 */

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const two = (n: number) => String(n).padStart(2, '0');

/** `UTC`, `UTC+1`, `UTC-5`, `UTC+5:30`: the zone of a moment whose offset east of UTC is `minutes`. */
function zoneName(minutesEast: number): string {
  if (minutesEast === 0) return 'UTC';
  const sign = minutesEast > 0 ? '+' : '-';
  const abs = Math.abs(minutesEast);
  return `UTC${sign}${Math.floor(abs / 60)}${abs % 60 ? `:${two(abs % 60)}` : ''}`;
}

/**
 * A moment for people (see above). `when` is an ISO 8601 string (any offset), ms since the epoch
 * or a Date; what cannot be read as a moment is returned as it is (the caller escapes it).
 */
export function humanTime(when: string | number | Date, now: Date = new Date()): string {
  const ms = when instanceof Date ? when.getTime() : typeof when === 'number' ? when : Date.parse(when);
  if (!Number.isFinite(ms)) return String(when);
  const d = new Date(ms);
  const year = d.getFullYear() === now.getFullYear() ? '' : ` ${d.getFullYear()}`;
  const seconds = d.getSeconds() ? `:${two(d.getSeconds())}` : '';
  return `${WEEKDAYS[d.getDay()]} ${two(d.getDate())} ${MONTHS[d.getMonth()]}${year} ${two(d.getHours())}:${two(d.getMinutes())}${seconds} ${zoneName(-d.getTimezoneOffset())}`;
}

/** ISO 8601 moments (as the engine writes them, `2026-11-24T14:52:00.000Z`) inside a sentence, each in the form above. */
export function humanTimesIn(text: string, now: Date = new Date()): string {
  return text.replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z\b/g, (iso) => humanTime(iso, now));
}

/**
 * What the form of a moment depends on besides the moment: the time zone (its name in TZ, and
 * its offsets this year, which tell its rules apart) and the current year. Part of the key of a
 * kept answer printed with moments in it.
 */
export function timeZoneIdentity(now: Date = new Date()): string {
  const year = now.getFullYear();
  const offsets = [0, 3, 6, 9].map((month) => new Date(year, month, 1).getTimezoneOffset());
  return `tz ${process.env.TZ ?? ''} ${offsets.join(',')} ${now.getTimezoneOffset()} year ${year}`;
}
