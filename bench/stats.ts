import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Timing and memory helpers shared by every bench section. */

export interface Summary {
  readonly runs: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

export function summarize(samples: readonly number[]): Summary {
  if (!samples.length) throw new Error('No samples to summarize.');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return {
    runs: sorted.length,
    median,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

export interface TimingOptions {
  /** Unrecorded runs first (JIT, page cache, git's object cache on disk). */
  readonly warmup: number;
  readonly runs: number;
}

/**
 * Times several cases the same number of times, interleaved (A B C, B C A, C A B…) so that
 * drift in the machine's load or cache state affects all of them alike. Returns ms per run.
 */
export async function timeInterleaved<K extends string>(
  cases: Readonly<Record<K, () => Promise<unknown>>>,
  { warmup, runs }: TimingOptions,
): Promise<Record<K, number[]>> {
  const names = Object.keys(cases) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, []])) as unknown as Record<K, number[]>;
  for (let i = 0; i < warmup + runs; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length];
      const started = performance.now();
      await cases[name]();
      const ms = performance.now() - started;
      if (i >= warmup) samples[name].push(ms);
    }
  }
  return samples;
}

/** Memory of this Node process, in bytes. */
export interface NodeMemory {
  /** Resident set size high-water mark of the whole process so far (getrusage ru_maxrss). */
  readonly peakRss: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

export function nodeMemory(): NodeMemory {
  const m = process.memoryUsage();
  return {
    peakRss: process.resourceUsage().maxRSS * 1024,
    rss: m.rss,
    heapUsed: m.heapUsed,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
  };
}

/** Collects garbage when Node runs with --expose-gc (twice: weak callbacks free more on the second pass). */
export function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return false;
  gc();
  gc();
  return true;
}

const GNU_TIME = '/usr/bin/time';

export type ProcessPeak =
  | { readonly peakRss: number; readonly wallMs: number; /** user + system */ readonly cpuMs: number }
  | { readonly unavailable: string };

/**
 * Peak RSS (bytes) and CPU time of one external command, from GNU time's `-v` report; stdout is
 * discarded. Node cannot see a child's rusage, so this is the only way to weigh the git process itself.
 */
function peakRssOfCommand(command: string, args: readonly string[], cwd: string): ProcessPeak {
  if (!existsSync(GNU_TIME)) return { unavailable: `${GNU_TIME} not found (install the "time" package)` };
  const started = performance.now();
  const result = spawnSync(GNU_TIME, ['-v', command, ...args], {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
  });
  const wallMs = performance.now() - started;
  const report = result.stderr ?? '';
  const field = (name: string): number | undefined => {
    const m = new RegExp(`${name}: ([\\d.]+)`).exec(report);
    return m ? Number(m[1]) : undefined;
  };
  const rssKb = field('Maximum resident set size \\(kbytes\\)');
  const user = field('User time \\(seconds\\)');
  const system = field('System time \\(seconds\\)');
  if (result.status !== 0 || rssKb === undefined || user === undefined || system === undefined) {
    return { unavailable: `${GNU_TIME} -v gave no report (exit ${result.status}): ${report.trim().slice(-200)}` };
  }
  return { peakRss: rssKb * 1024, wallMs, cpuMs: (user + system) * 1000 };
}

/** peakRssOfCommand over several runs: the highest peak, the median CPU and wall times. */
export function peakRssOfRuns(command: string, args: readonly string[], cwd: string, runs: number): ProcessPeak {
  const results: ProcessPeak[] = [];
  for (let i = 0; i < runs; i++) results.push(peakRssOfCommand(command, args, cwd));
  const ok = results.filter((r): r is Extract<ProcessPeak, { peakRss: number }> => 'peakRss' in r);
  if (ok.length < results.length) return results.find((r) => 'unavailable' in r)!;
  return {
    peakRss: Math.max(...ok.map((r) => r.peakRss)),
    cpuMs: summarize(ok.map((r) => r.cpuMs)).median,
    wallMs: summarize(ok.map((r) => r.wallMs)).median,
  };
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms >= 100 ? 0 : 1)} ms`;
}

export function formatBytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
