/**
 * The time axis of the timelines: round ticks (every 15 minutes, hour, 6 hours, day, week,
 * month…) in the reader's zone, as few as keep their labels apart. Pure: no DOM, so the unit
 * tests run it in node.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface Tick {
  readonly ms: number;
  /** `14:00`, `Tue 24 Nov`, `Nov 2026`. */
  readonly label: string;
  /** A day (or month, year) starts here: drawn stronger, labelled with the day. */
  readonly major: boolean;
}

type Unit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

interface Step {
  readonly unit: Unit;
  readonly n: number;
  /** Its length, roughly (months and years vary; days do around a change of offset). */
  readonly ms: number;
}

const STEPS: readonly Step[] = [
  ...[1, 2, 5, 10, 15, 30].map((n) => ({ unit: 'minute' as const, n, ms: n * MINUTE })),
  ...[1, 2, 3, 6, 12].map((n) => ({ unit: 'hour' as const, n, ms: n * HOUR })),
  ...[1, 2].map((n) => ({ unit: 'day' as const, n, ms: n * DAY })),
  { unit: 'week', n: 1, ms: 7 * DAY },
  ...[1, 3, 6].map((n) => ({ unit: 'month' as const, n, ms: n * 30 * DAY })),
  ...[1, 2, 5, 10].map((n) => ({ unit: 'year' as const, n, ms: n * 365 * DAY })),
];

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** `Tue 24 Nov` */
export function dayLabel(d: Date): string {
  return `${WEEKDAYS[d.getDay()]} ${d.getDate()} ${MONTHS[d.getMonth()]}`;
}

/** `14:47` */
export function clockLabel(d: Date): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The first tick of `step` at or after `ms` (local time). */
function firstTick(ms: number, step: Step): Date {
  const d = new Date(ms);
  d.setSeconds(0, 0);
  switch (step.unit) {
    case 'minute':
      d.setMinutes(Math.floor(d.getMinutes() / step.n) * step.n);
      break;
    case 'hour':
      d.setMinutes(0);
      d.setHours(Math.floor(d.getHours() / step.n) * step.n);
      break;
    case 'day':
      d.setHours(0, 0);
      break;
    case 'week':
      d.setHours(0, 0);
      d.setDate(d.getDate() - ((d.getDay() + 6) % 7)); // Monday
      break;
    case 'month':
      d.setHours(0, 0);
      d.setDate(1);
      d.setMonth(Math.floor(d.getMonth() / step.n) * step.n);
      break;
    case 'year':
      d.setHours(0, 0);
      d.setMonth(0, 1);
      d.setFullYear(Math.floor(d.getFullYear() / step.n) * step.n);
      break;
  }
  while (d.getTime() < ms) advance(d, step);
  return d;
}

function advance(d: Date, step: Step): void {
  switch (step.unit) {
    case 'minute':
      d.setMinutes(d.getMinutes() + step.n);
      break;
    case 'hour': {
      // By the clock, so ticks stay on round hours across a change of offset.
      const before = d.getTime();
      d.setHours(d.getHours() + step.n);
      if (d.getTime() <= before) d.setTime(before + step.n * HOUR);
      break;
    }
    case 'day':
      d.setDate(d.getDate() + step.n);
      break;
    case 'week':
      d.setDate(d.getDate() + 7);
      break;
    case 'month':
      d.setMonth(d.getMonth() + step.n);
      break;
    case 'year':
      d.setFullYear(d.getFullYear() + step.n);
      break;
  }
}

/** The width a label of this step needs, in px (a clock `14:00` is narrower than `Tue 24 Nov`). */
function labelWidth(step: Step): number {
  return step.unit === 'minute' || step.unit === 'hour' ? 52 : step.unit === 'month' || step.unit === 'year' ? 64 : 84;
}

/** The step the axis uses for a window of `spanMs` drawn `widthPx` wide: the finest whose labels do not touch. */
export function tickStep(spanMs: number, widthPx: number): Step {
  const pxPerMs = widthPx / Math.max(1, spanMs);
  return STEPS.find((s) => s.ms * pxPerMs >= labelWidth(s)) ?? STEPS[STEPS.length - 1];
}

/**
 * The ticks between `startMs` and `endMs` for an axis `widthPx` wide. Under a day, ticks read
 * `14:00` and the start of a day reads `Tue 24 Nov` (major); from a day, `Tue 24 Nov`; from a
 * month, `Nov 2026`.
 */
export function axisTicks(startMs: number, endMs: number, widthPx: number): Tick[] {
  if (!(endMs > startMs) || !(widthPx > 0)) return [];
  const step = tickStep(endMs - startMs, widthPx);
  const ticks: Tick[] = [];
  const d = firstTick(startMs, step);
  for (let guard = 0; d.getTime() <= endMs && guard < 1000; guard++) {
    const ms = d.getTime();
    const midnight = d.getHours() === 0 && d.getMinutes() === 0;
    let label: string;
    let major: boolean;
    if (step.unit === 'minute' || step.unit === 'hour') {
      major = midnight;
      label = midnight ? dayLabel(d) : clockLabel(d);
    } else if (step.unit === 'day' || step.unit === 'week') {
      major = d.getDate() === 1;
      label = dayLabel(d);
    } else {
      major = d.getMonth() === 0;
      label = step.unit === 'year' ? String(d.getFullYear()) : `${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
    }
    ticks.push({ ms, label, major });
    advance(d, step);
  }
  return ticks;
}
