import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { Git } from '../src/engine/git';
import { loadSnapshot } from '../src/engine/snapshot';
import { MINIMAL_FOR_EACH_REF_ARGS, RICH_FOR_EACH_REF_ARGS } from './bareGit';
import { ProfileSummary, summarizeCpuProfile } from './cpuProfileSummary';
import { BenchRepo, RefStorage, ensureRepo } from './generateRepo';
import { runNodeChild } from './nodeChild';
import type { BenchContext, BenchSection } from './section';
import type { MemoryProbeResult, TimeProbeResult } from './snapshotProbe';
import { ProcessPeak, Summary, formatBytes, formatMs, peakRssOfRuns, summarize } from './stats';
import { formatTable } from './table';
import { verifySnapshot } from './verifySnapshot';

/**
 * The snapshot section: for each repository size, how long `loadSnapshot` takes and how much
 * memory it needs, against a bare `git for-each-ref` with the same argv spawned from Node.
 */

/** The goal: at GOAL_COMPONENTS components (packed refs), the snapshot within GOAL_RATIO× the bare call. */
const GOAL_COMPONENTS = 5000;
const GOAL_RATIO = 1.5;

const PROBE = path.join(__dirname, 'snapshotProbe.js');
const PROFILE_RUNS = 10;
/** Runs of git under /usr/bin/time, for its peak RSS and (median) CPU time. */
const GIT_CPU_RUNS = 3;
/** /usr/bin/time counts CPU in 10 ms steps: below this, a CPU ratio would be noise. */
const MIN_GIT_CPU_MS = 50;

interface SnapshotMeasurement {
  readonly repo: BenchRepo;
  readonly engine: Summary;
  /** Time inside loadSnapshot spent in git (spawn to exit); the rest is the engine's own work. */
  readonly engineGit: Summary;
  readonly engineGitCommands: number;
  /** CPU time of the Node process during loadSnapshot (parsing, building, spawning). */
  readonly engineNodeCpu: Summary;
  readonly baseline: Summary;
  readonly minimal: Summary;
  /** engine median / baseline median (wall clock): the goal's measure. */
  readonly ratio: number;
  /**
   * The same ratio in CPU time, much less sensitive to other load on the machine:
   * (engine's Node CPU + git CPU) / (baseline's Node CPU + git CPU); git's CPU from /usr/bin/time
   * (the engine runs the same git command). Null when /usr/bin/time is unavailable or git's CPU is too small to weigh.
   */
  readonly cpuRatio: number | null;
  readonly baselineNodeCpu: Summary;
  readonly baselineBytes: number;
  readonly engineMemory: MemoryProbeResult;
  readonly baselineMemory: MemoryProbeResult;
  /** Peak RSS of the git process itself (the engine's git is the same command as the baseline). */
  readonly gitPeak: ProcessPeak;
  readonly gitMinimalPeak: ProcessPeak;
  /** Differences between what the engine read and what the generator wrote (empty = correct). */
  readonly problems: readonly string[];
  readonly profile?: ProfileSummary & { readonly file: string };
}

interface SnapshotResult {
  readonly forEachRefArgs: readonly string[];
  readonly measurements: readonly SnapshotMeasurement[];
  readonly goal: {
    readonly components: number;
    readonly ratio: number;
    /** Wall-clock ratio engine/bare at the goal size (the goal's measure), and its CPU-time counterpart. */
    readonly measured: number | null;
    readonly measuredCpu: number | null;
    readonly met: boolean | null;
  };
}

async function measure(ctx: BenchContext, components: number, refs: RefStorage): Promise<SnapshotMeasurement> {
  const { args } = ctx;
  const label = `${components.toLocaleString('en-US')} components, ${refs} refs`;
  const repo = ensureRepo(components, refs, args.regenerate);
  const phases = Object.entries(repo.phasesMs)
    .map(([name, ms]) => `${name} ${formatMs(ms)}`)
    .join(', ');
  ctx.log(
    `  ${label}: ${repo.tags.toLocaleString('en-US')} tags, ${repo.cached ? 'cached, ' : ''}generated in ${formatMs(repo.generateMs)} (${phases})`,
  );

  const time = await runNodeChild<TimeProbeResult>(PROBE, ['time', repo.dir, String(args.warmup), String(args.runs)]);
  const engineMemory = await runNodeChild<MemoryProbeResult>(PROBE, ['memory', repo.dir, 'engine'], ['--expose-gc']);
  const baselineMemory = await runNodeChild<MemoryProbeResult>(PROBE, ['memory', repo.dir, 'baseline'], ['--expose-gc']);
  const gitPeak = peakRssOfRuns('git', RICH_FOR_EACH_REF_ARGS, repo.dir, GIT_CPU_RUNS);
  const gitMinimalPeak = peakRssOfRuns('git', MINIMAL_FOR_EACH_REF_ARGS, repo.dir, GIT_CPU_RUNS);
  const problems = verifySnapshot(await loadSnapshot(new Git(repo.dir)), components);

  const engine = summarize(time.engine);
  const baseline = summarize(time.baseline);
  const engineNodeCpu = summarize(time.engineNodeCpu);
  const baselineNodeCpu = summarize(time.baselineNodeCpu);
  const cpuRatio =
    'cpuMs' in gitPeak && gitPeak.cpuMs >= MIN_GIT_CPU_MS
      ? (engineNodeCpu.median + gitPeak.cpuMs) / (baselineNodeCpu.median + gitPeak.cpuMs)
      : null;
  const result: SnapshotMeasurement = {
    repo,
    engine,
    engineGit: summarize(time.engineGit),
    engineGitCommands: time.engineGitCommands,
    engineNodeCpu,
    baseline,
    minimal: summarize(time.minimal),
    ratio: engine.median / baseline.median,
    cpuRatio,
    baselineNodeCpu,
    baselineBytes: time.baselineBytes,
    engineMemory,
    baselineMemory,
    gitPeak,
    gitMinimalPeak,
    problems,
  };
  ctx.log(
    `    engine ${formatMs(engine.median)}, bare for-each-ref ${formatMs(baseline.median)}: ${result.ratio.toFixed(2)}×` +
      (cpuRatio === null ? '' : ` (CPU time: ${cpuRatio.toFixed(2)}×)`),
  );
  for (const p of problems) ctx.log(`    WRONG: ${p}`);

  const overGoal = components >= GOAL_COMPONENTS && result.ratio > GOAL_RATIO;
  if (args.profile || overGoal) return { ...result, profile: await profile(ctx, repo) };
  return result;
}

/** Runs loadSnapshot alone under `node --cpu-prof` and ranks where its CPU time goes. */
async function profile(ctx: BenchContext, repo: BenchRepo): Promise<ProfileSummary & { file: string }> {
  const dir = path.join(ctx.workDir, 'profiles', path.basename(repo.dir));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await runNodeChild(PROBE, ['profile', repo.dir, String(PROFILE_RUNS)], ['--cpu-prof', '--cpu-prof-dir', dir]);
  const file = path.join(dir, readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!);
  ctx.log(`    CPU profile of ${PROFILE_RUNS} loads: ${path.relative(process.cwd(), file)}`);
  return { ...summarizeCpuProfile(file), file };
}

function peak(p: ProcessPeak): string {
  return 'peakRss' in p ? formatBytes(p.peakRss) : 'n/a';
}

function report(ctx: BenchContext, result: SnapshotResult): void {
  const rows = result.measurements;
  ctx.log();
  ctx.log(`Time (median of ${ctx.args.runs} runs after ${ctx.args.warmup} warm-up; baseline = git ${RICH_FOR_EACH_REF_ARGS[0]} with the engine's argv, spawned from Node)`);
  ctx.log(
    formatTable(
      ['components', 'refs', 'tags', 'generate', 'loadSnapshot', 'git in it', 'after git', 'node CPU', 'bare f-e-r', 'engine/bare', 'CPU ratio', 'git CPU', 'minimal f-e-r', 'f-e-r output'],
      rows.map((m) => [
        m.repo.components.toLocaleString('en-US'),
        m.repo.refs,
        m.repo.tags.toLocaleString('en-US'),
        formatMs(m.repo.generateMs) + (m.repo.cached ? '*' : ''),
        formatMs(m.engine.median),
        formatMs(m.engineGit.median),
        formatMs(m.engine.median - m.engineGit.median),
        formatMs(m.engineNodeCpu.median),
        formatMs(m.baseline.median),
        `${m.ratio.toFixed(2)}×`,
        m.cpuRatio === null ? '-' : `${m.cpuRatio.toFixed(2)}×`,
        'cpuMs' in m.gitPeak ? formatMs(m.gitPeak.cpuMs) : '-',
        formatMs(m.minimal.median),
        formatBytes(m.baselineBytes),
      ]),
    ),
  );
  ctx.log(
    "git in it: loadSnapshot's wait for its git command(s); after git: the rest (parsing, building); " +
      'node CPU: CPU time of the Node process during loadSnapshot;\n' +
      'CPU ratio: (node CPU + git CPU) / (node CPU of the baseline + git CPU), robust to a busy machine; ' +
      'git CPU: user+system of the git command (/usr/bin/time); minimal f-e-r: for-each-ref --format=%(refname)',
  );
  if (rows.some((m) => m.repo.cached)) ctx.log('* cached repository: the time it took when it was generated');
  ctx.log();
  ctx.log('Memory (fresh Node process per load; git measured with /usr/bin/time -v)');
  ctx.log(
    formatTable(
      ['components', 'refs', 'engine peak RSS +', 'engine retained heap', 'bare f-e-r node peak RSS +', 'git f-e-r peak RSS', 'git minimal peak RSS', 'correct'],
      rows.map((m) => [
        m.repo.components.toLocaleString('en-US'),
        m.repo.refs,
        formatBytes(m.engineMemory.peakRssDelta),
        formatBytes(m.engineMemory.retainedHeap),
        formatBytes(m.baselineMemory.peakRssDelta),
        peak(m.gitPeak),
        peak(m.gitMinimalPeak),
        m.problems.length ? `NO (${m.problems.length}+)` : 'yes',
      ]),
    ),
  );
  for (const m of rows) {
    if (!m.profile) continue;
    ctx.log();
    ctx.log(`CPU profile, ${m.repo.components} components ${m.repo.refs} refs, ${PROFILE_RUNS} loads, ${formatMs(m.profile.totalMs)} sampled (self time)`);
    ctx.log(formatTable(['self', '%', 'function'], m.profile.top.map((f) => [formatMs(f.selfMs), f.percent.toFixed(1), f.frame])));
    ctx.log(formatTable(['self', '%', 'file'], m.profile.byFile.map((f) => [formatMs(f.selfMs), f.percent.toFixed(1), f.frame])));
  }
  ctx.log();
  const g = result.goal;
  ctx.log(
    g.measured === null
      ? `Goal (≤ ${g.ratio}× at ${g.components.toLocaleString('en-US')} components, packed refs): not measured in this run.`
      : `Goal: loadSnapshot ≤ ${g.ratio}× bare for-each-ref at ${g.components.toLocaleString('en-US')} components (packed refs): ` +
          `${g.measured.toFixed(2)}×${g.measuredCpu === null ? '' : ` (CPU time ${g.measuredCpu.toFixed(2)}×)`} — ${g.met ? 'MET' : 'NOT MET'}`,
  );
}

async function run(ctx: BenchContext): Promise<SnapshotResult> {
  const measurements: SnapshotMeasurement[] = [];
  for (const components of ctx.args.sizes) {
    for (const refs of ctx.args.refs) measurements.push(await measure(ctx, components, refs));
  }
  const goalRow = measurements.find((m) => m.repo.components === GOAL_COMPONENTS && m.repo.refs === 'packed');
  const result: SnapshotResult = {
    forEachRefArgs: [...RICH_FOR_EACH_REF_ARGS],
    measurements,
    goal: {
      components: GOAL_COMPONENTS,
      ratio: GOAL_RATIO,
      measured: goalRow ? goalRow.ratio : null,
      measuredCpu: goalRow ? goalRow.cpuRatio : null,
      met: goalRow ? goalRow.ratio <= GOAL_RATIO && goalRow.problems.length === 0 : null,
    },
  };
  report(ctx, result);
  return result;
}

export const snapshotSection: BenchSection = {
  name: 'snapshot',
  description: 'loadSnapshot vs a bare git for-each-ref with the same argv, for each --sizes and --refs',
  run,
};
