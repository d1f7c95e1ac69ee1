/**
 * Child-process entry of the snapshot bench, so that each measurement runs in a fresh Node
 * with nothing else on its heap. Prints one JSON line on stdout.
 *
 *   node snapshotProbe.js time <repo> <warmup> <runs>
 *       loadSnapshot, the bare for-each-ref with the same argv and the minimal for-each-ref,
 *       interleaved; ms per run, plus the time the engine spent waiting for git.
 *   node --expose-gc snapshotProbe.js memory <repo> engine|baseline
 *       one load in a fresh process: peak RSS over the process's start, and heap retained.
 *   node --cpu-prof snapshotProbe.js profile <repo> <runs>
 *       loadSnapshot only, for a CPU profile of the engine.
 */
import { Git } from '../src/engine/git';
import { loadSnapshot } from '../src/engine/snapshot';
import { MINIMAL_FOR_EACH_REF_ARGS, RICH_FOR_EACH_REF_ARGS, bareGit } from './bareGit';
import { collectGarbage, nodeMemory, timeInterleaved } from './stats';

export interface TimeProbeResult {
  readonly engine: number[];
  /** Part of each engine run spent in git commands (wall time from spawn to close). */
  readonly engineGit: number[];
  readonly engineGitCommands: number;
  /** CPU time of this Node process during each engine run (user + system): the engine's own work, barely affected by other load. */
  readonly engineNodeCpu: number[];
  readonly baseline: number[];
  /** CPU time of this Node process during each baseline run (spawning, collecting stdout). */
  readonly baselineNodeCpu: number[];
  readonly minimal: number[];
  readonly baselineBytes: number;
}

export interface MemoryProbeResult {
  readonly subject: 'engine' | 'baseline';
  readonly rssBefore: number;
  readonly peakRss: number;
  /** Peak RSS (high-water mark) above the RSS held just before loading: one load's cost, transients included. */
  readonly peakRssDelta: number;
  /** Heap still in use after a full GC while the result is alive: what keeping it costs. */
  readonly retainedHeap: number;
  readonly gcExposed: boolean;
}

async function probeTime(repo: string, warmup: number, runs: number): Promise<TimeProbeResult> {
  const git = new Git(repo);
  let gitMs = 0;
  let gitCommands = 0;
  const engineGit: number[] = [];
  const engineNodeCpu: number[] = [];
  const baselineNodeCpu: number[] = [];
  Git.onCommand(({ ms }) => {
    gitMs += ms;
    gitCommands++;
  });
  let baselineBytes = 0;
  const samples = await timeInterleaved(
    {
      engine: async () => {
        gitMs = 0;
        gitCommands = 0;
        const cpu = process.cpuUsage();
        await loadSnapshot(git);
        const used = process.cpuUsage(cpu);
        engineNodeCpu.push((used.user + used.system) / 1000);
        engineGit.push(gitMs);
      },
      baseline: async () => {
        const cpu = process.cpuUsage();
        baselineBytes = await bareGit(repo, RICH_FOR_EACH_REF_ARGS);
        const used = process.cpuUsage(cpu);
        baselineNodeCpu.push((used.user + used.system) / 1000);
      },
      minimal: () => bareGit(repo, MINIMAL_FOR_EACH_REF_ARGS),
    },
    { warmup, runs },
  );
  return {
    engine: samples.engine,
    engineGit: engineGit.slice(warmup),
    engineGitCommands: gitCommands,
    engineNodeCpu: engineNodeCpu.slice(warmup),
    baseline: samples.baseline,
    baselineNodeCpu: baselineNodeCpu.slice(warmup),
    minimal: samples.minimal,
    baselineBytes,
  };
}

async function probeMemory(repo: string, subject: 'engine' | 'baseline'): Promise<MemoryProbeResult> {
  const gcExposed = collectGarbage();
  const before = nodeMemory();
  const kept = subject === 'engine' ? await loadSnapshot(new Git(repo)) : await bareGit(repo, RICH_FOR_EACH_REF_ARGS);
  const peakRss = nodeMemory().peakRss;
  collectGarbage();
  const retainedHeap = nodeMemory().heapUsed - before.heapUsed;
  void kept;
  return {
    subject,
    rssBefore: before.rss,
    peakRss,
    peakRssDelta: peakRss - before.rss,
    retainedHeap,
    gcExposed,
  };
}

async function probeProfile(repo: string, runs: number): Promise<{ runs: number }> {
  const git = new Git(repo);
  for (let i = 0; i < runs; i++) await loadSnapshot(git);
  return { runs };
}

async function main(): Promise<void> {
  const [mode, repo, a, b] = process.argv.slice(2);
  let result: unknown;
  if (mode === 'time') result = await probeTime(repo, Number(a), Number(b));
  else if (mode === 'profile') result = await probeProfile(repo, Number(a));
  else if (mode === 'memory' && (a === 'engine' || a === 'baseline')) result = await probeMemory(repo, a);
  else throw new Error(`usage: snapshotProbe.js time <repo> <warmup> <runs> | memory <repo> engine|baseline | profile <repo> <runs>`);
  process.stdout.write(JSON.stringify(result) + '\n');
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
    process.exit(1);
  });
}
