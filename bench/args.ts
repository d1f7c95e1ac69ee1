import type { RefStorage } from './generateRepo';

/** Command-line options of `node out/bench/run.js`. */
export interface BenchArgs {
  /** Component counts of the generated repositories (`--sizes 100,1000,5000`). */
  readonly sizes: readonly number[];
  /** Recorded runs per measurement; the median is reported (`--runs 7`). */
  readonly runs: number;
  /** Unrecorded runs before them (`--warmup 2`). */
  readonly warmup: number;
  /** Sections to run (`--only snapshot,history`); empty means all. */
  readonly only: readonly string[];
  /** Ref storages to measure (`--refs packed,loose`). */
  readonly refs: readonly RefStorage[];
  /** Regenerate repositories even when cached (`--regenerate`). */
  readonly regenerate: boolean;
  /** Also record a CPU profile of the engine and summarize it (`--profile`). */
  readonly profile: boolean;
  /** Print the sections and exit (`--list`). */
  readonly list: boolean;
  /** Every `--name value` / `--flag` given, for options a section defines itself. */
  readonly raw: ReadonlyMap<string, string | true>;
}

export const USAGE = `usage: node out/bench/run.js [--only NAME[,NAME]] [--sizes 100,1000,5000] [--runs 7] [--warmup 2]
                            [--refs packed,loose] [--regenerate] [--profile] [--list]`;

export function parseArgs(argv: readonly string[]): BenchArgs {
  const raw = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}".\n${USAGE}`);
    const eq = arg.indexOf('=');
    if (eq > 0) raw.set(arg.slice(2, eq), arg.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) raw.set(arg.slice(2), argv[++i]);
    else raw.set(arg.slice(2), true);
  }
  const list = (name: string, fallback: string): string[] => {
    const v = raw.get(name);
    return (typeof v === 'string' ? v : fallback).split(',').map((s) => s.trim()).filter(Boolean);
  };
  const count = (name: string, fallback: number, min: number): number => {
    const v = raw.get(name);
    const n = typeof v === 'string' ? Number(v) : fallback;
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}.\n${USAGE}`);
    return n;
  };
  const sizes = list('sizes', '100,1000,5000').map((s) => Number(s.replace(/_/g, '')));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes takes positive integers.\n${USAGE}`);
  const refs = list('refs', 'packed,loose');
  if (refs.some((r) => r !== 'packed' && r !== 'loose')) throw new Error(`--refs takes packed and/or loose.\n${USAGE}`);
  return {
    sizes,
    runs: count('runs', 7, 1),
    warmup: count('warmup', 2, 0),
    only: list('only', ''),
    refs: refs as RefStorage[],
    regenerate: raw.has('regenerate'),
    profile: raw.has('profile'),
    list: raw.has('list'),
    raw,
  };
}
