import { EdgitError } from './errors';

const VALID_FORMS = 'Use ISO 8601, e.g. 2026-11-24T14:47 (local time) or 2026-11-24T14:47:00+01:00 or 2026-11-24T13:47Z.';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an ISO 8601 moment: `2026-11-24T14:47`, `2026-11-24 14:47:00+02:00`, `2026-11-24T12:47Z`.
 * Without an offset it is local time, as a person on call means it.
 */
export function parseMoment(text: string): Date {
  const m = ISO.exec(text.trim());
  if (!m) {
    throw new EdgitError(
      `Cannot read "${text}" as a moment.`,
      'bad-input',
      VALID_FORMS,
    );
  }
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  const ms = Math.floor(Number(`0.${frac}`) * 1000);
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms] as const;
  let date: Date;
  if (zone) {
    const utc = Date.UTC(...parts);
    let offset = 0;
    if (zone !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      const [hours, minutes] = [Number(digits.slice(0, 2)), Number(digits.slice(2))];
      // Real offsets run from -12:00 to +14:00; nothing is beyond ±14:00 or has 60 minutes or more.
      if (hours * 60 + minutes > 14 * 60 || minutes >= 60) {
        throw new EdgitError(
          `"${text}" has the offset ${zone}, which no time zone has: offsets run from -14:00 to +14:00 (minutes below 60).`,
          'bad-input',
          `${VALID_FORMS} Or leave the offset out for local time.`,
        );
      }
      offset = sign * (hours * 60 + minutes);
    }
    date = new Date(utc - offset * 60_000);
  } else {
    date = new Date(...parts);
  }
  // The calendar must agree: 2026-02-31 does not roll over into March.
  const calendar = new Date(Date.UTC(...parts));
  const valid =
    !Number.isNaN(date.getTime()) &&
    calendar.getUTCFullYear() === Number(y) &&
    calendar.getUTCMonth() === Number(mo) - 1 &&
    calendar.getUTCDate() === Number(d) &&
    Number(h) < 24 &&
    Number(mi) < 60 &&
    Number(s) < 60;
  if (!valid) throw new EdgitError(`"${text}" is not a real moment.`, 'bad-input', 'Check the month, day and time.');
  return date;
}
