/**
 * Benchmark entry: `npm run bench` or `node out/bench/run.js [--only NAME] [--sizes …]`.
 * Runs each selected section in order, prints its tables, and stores every section's result
 * in bench/.work/results.json (sections not run keep their previous result).
 * To add a section, write a BenchSection in its own file and append it to SECTIONS.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { USAGE, parseArgs } from './args';
import { WORK_DIR } from './generateRepo';
import type { BenchContext, BenchSection } from './section';
import { snapshotSection } from './snapshotBench';
import { historySection } from './historyBench';
import { processSection } from './processBench';
import { refsSection } from './refsBench';
import { formatMs } from './stats';
import { lmToolsSection } from './lmToolsBench';
import { treeSection } from './treeBench';
import { timelineSection } from './timelineBench';
import { mcpSection } from './mcpBench';

const SECTIONS: readonly BenchSection[] = [snapshotSection, processSection, treeSection, historySection, timelineSection, refsSection, mcpSection, lmToolsSection];

const RESULTS_FILE = path.join(WORK_DIR, 'results.json');

interface StoredSection {
  readonly ranAt: string;
  readonly ms: number;
  readonly args: Record<string, string | true>;
  readonly environment: Record<string, string | number>;
  readonly result: unknown;
}

function environment(): Record<string, string | number> {
  return {
    node: process.version,
    git: execFileSync('git', ['--version'], { encoding: 'utf8' }).trim(),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpu: `${os.cpus()[0]?.model ?? 'unknown'} ×${os.cpus().length}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GB`,
    loadAverage: os.loadavg()[0].toFixed(2),
  };
}

function readResults(): Record<string, StoredSection> {
  if (!existsSync(RESULTS_FILE)) return {};
  try {
    return (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as { sections?: Record<string, StoredSection> }).sections ?? {};
  } catch {
    return {};
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.list) {
    for (const s of SECTIONS) console.log(`${s.name.padEnd(12)} ${s.description}`);
    return 0;
  }
  const unknown = args.only.filter((name) => !SECTIONS.some((s) => s.name === name));
  if (unknown.length) {
    console.error(`Unknown section(s): ${unknown.join(', ')}. Sections: ${SECTIONS.map((s) => s.name).join(', ')}.\n${USAGE}`);
    return 2;
  }
  const selected = SECTIONS.filter((s) => !args.only.length || args.only.includes(s.name));

  mkdirSync(WORK_DIR, { recursive: true });
  const env = environment();
  console.log(`Edgit bench — ${env.node}, ${env.git}, ${env.cpu}, ${env.memory}, load average ${env.loadAverage}`);
  if (os.loadavg()[0] > os.cpus().length) {
    console.log('Warning: the machine is busy (load average above the CPU count): timings will be noisy; ratios, measured interleaved, less so.');
  }
  const ctx: BenchContext = { args, workDir: WORK_DIR, log: (line = '') => console.log(line) };
  const sections = readResults();
  let failed = 0;
  for (const section of selected) {
    console.log(`\n== ${section.name}: ${section.description}`);
    const started = performance.now();
    try {
      const result = await section.run(ctx);
      const ms = performance.now() - started;
      sections[section.name] = {
        ranAt: new Date().toISOString(),
        ms,
        args: Object.fromEntries(args.raw),
        environment: env,
        result,
      };
      console.log(`(${section.name} took ${formatMs(ms)})`);
    } catch (e) {
      failed++;
      console.error(`Section ${section.name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
    writeFileSync(RESULTS_FILE, JSON.stringify({ updatedAt: new Date().toISOString(), sections }, null, 2) + '\n');
  }
  console.log(`\nResults: ${path.relative(process.cwd(), RESULTS_FILE)}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
