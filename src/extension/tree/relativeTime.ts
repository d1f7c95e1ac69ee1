const UNITS: readonly [limitSeconds: number, seconds: number, unit: string][] = [
  [60 * 60, 60, 'min'],
  [24 * 3600, 3600, 'h'],
  [30 * 86400, 86400, 'd'],
  [365 * 86400, 30 * 86400, 'mo'],
  [Number.POSITIVE_INFINITY, 365 * 86400, 'y'],
];

/** `2 h ago`, `3 d ago`, `just now`; `in 5 min` for clock skew. Empty for a missing or invalid date. */
export function relativeTime(iso: string | null, now: number = Date.now()): string {
  if (!iso) return '';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const seconds = Math.round((now - then) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return 'just now';
  for (const [limit, size, unit] of UNITS) {
    if (abs < limit) {
      const n = Math.floor(abs / size);
      return seconds >= 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
    }
  }
  return '';
}

/** `2025-03-01 09:00` in local time, for tooltips. */
export function absoluteTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
