import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { Git } from '../src/engine/git';
import { RICH_FOR_EACH_REF_ARGS, historyLogArgs } from './bareGit';
import { HISTORY_REF } from '../src/engine/history/historyRefs';
import { ensureRepo } from './generateRepo';
import { ensureHistoryRepo } from './historyBench';
import type { BenchContext, BenchSection } from './section';
import { Summary, formatMs, summarize, timeInterleaved } from './stats';
import { formatTable } from './table';

/**
 * The process section: what a terminal user waits for. Whole processes, spawned from Node and
 * timed from spawn to exit, interleaved with the bare git command they stand against:
 *  - `edgit-deploy status --json` on N components (default 2,000: 26,000 tags), warm (the cache
 *    under .git/edgit/cache written by an earlier run) and cold (that folder removed before each
 *    run), against a bare `git for-each-ref` reading what the snapshot needs (name, object, type,
 *    peeled object and type, date, tagger, subject);
 *  - `edgit-deploy at TIME` on a history of E events (default 42,000 over 2,000 components),
 *    against a bare `git log` of the history ref with the engine's argv;
 *  - Node's own start (`node -e 0`), so that what is ours can be told from what is Node's.
 * Options: --process-components N, --process-events N.
 */

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

export function positive(ctx: BenchContext, name: string, fallback: number): number {
  const v = ctx.args.raw.get(name);
  const n = typeof v === 'string' ? Number(v.replace(/_/g, '')) : fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer.`);
  return n;
}

/** Runs a whole process with stdout and stderr discarded; rejects on a non-zero exit. */
export function wholeProcess(command: string, args: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr.trim().slice(-500)}`))));
  });
}

/** The ref the "moved" runs move (the git update-ref it takes is inside that measure: about 3 ms). */
const MOVED_REF = 'refs/heads/edgit-bench-moved';
/** The tag the "moved" runs of at move (not an Edgit tag: it only changes the refs). */
/** A function that moves `ref` in `dir` to the other of two commits (HEAD, HEAD~1) each time it is called. */
function refMover(ref: string, dir: string): () => Promise<void> {
  let moves = 0;
  return () => wholeProcess('git', ['update-ref', ref, ++moves % 2 ? 'HEAD' : 'HEAD~1'], dir);
}

/** The first production tag of the repository, where it is, and another version of its component to move it to. */
async function outsideMoveTarget(dir: string): Promise<{ tag: string; from: string; to: string }> {
  const git = new Git(dir);
  const tag = (await git.line(['for-each-ref', '--count=1', '--format=%(refname:strip=2)', 'refs/tags/components/*/*/production'])).trim();
  const from = await git.line(['rev-parse', `refs/tags/${tag}`]);
  const here = await git.line(['rev-parse', `refs/tags/${tag}^{commit}`]);
  const versions = (await git.line(['for-each-ref', '--format=%(refname:strip=2) %(*objectname)', `refs/tags/${tag.replace(/\/production$/, '')}/v*`])).split('\n');
  const other = versions.map((l) => l.split(' ')).find(([, commit]) => commit && commit !== here);
  if (!tag || !other) throw new Error(`no production tag with another version to move it to in ${dir}`);
  return { tag, from, to: other[0] };
}

function cacheDir(repo: string): string {
  return path.join(repo, '.git', 'edgit', 'cache');
}

interface ProcessRow {
  readonly measure: string;
  readonly ours: Summary;
  readonly bare: Summary;
  readonly ratio: number;
  /** The goal for the ratio; null: a figure without one. */
  readonly goal: number | null;
}

interface ProcessResult {
  readonly components: number;
  readonly tags: number;
  readonly events: number;
  readonly nodeStart: Summary;
  readonly rows: readonly ProcessRow[];
}

async function run(ctx: BenchContext): Promise<ProcessResult> {
  const components = positive(ctx, 'process-components', 2000);
  const eventCount = positive(ctx, 'process-events', 42_000);
  const { warmup, runs } = ctx.args;
  const repo = ensureRepo(components, 'packed', ctx.args.regenerate);
  ctx.log(`  status: ${components.toLocaleString('en-US')} components, ${repo.tags.toLocaleString('en-US')} tags`);
  const node = process.execPath;
  const status = [CLI, 'status', '--json', '--repo', repo.dir];

  const moveBranch = refMover(MOVED_REF, repo.dir);
  // One run first, so that a warm run finds the cache an earlier process wrote.
  await wholeProcess(node, status, repo.dir);
  const s = await timeInterleaved(
    {
      warm: () => wholeProcess(node, status, repo.dir),
      // A ref moved since the last run (as after a commit or a fetch): the answer is computed again
      // from the warm tag-object and history caches. A branch of the bench's own, toggled between two commits.
      moved: async () => {
        await moveBranch();
        await wholeProcess(node, status, repo.dir);
      },
      cold: async () => {
        rmSync(cacheDir(repo.dir), { recursive: true, force: true });
        await wholeProcess(node, status, repo.dir);
      },
      bare: () => wholeProcess('git', RICH_FOR_EACH_REF_ARGS, repo.dir),
      nodeStart: () => wholeProcess(node, ['-e', '0'], repo.dir),
    },
    { warmup, runs },
  );
  await wholeProcess('git', ['update-ref', '-d', MOVED_REF], repo.dir);
  await wholeProcess(node, status, repo.dir); // leave it warm for the next section

  const { repo: hrepo } = await ensureHistoryRepo(ctx, components, eventCount);
  ctx.log(`  at: ${hrepo.events.toLocaleString('en-US')} events in ${hrepo.commits.toLocaleString('en-US')} commits, ${components.toLocaleString('en-US')} components`);
  const head = await new Git(hrepo.dir).line(['rev-parse', HISTORY_REF]);
  const moment = new Date((hrepo.firstMs + hrepo.lastMs) / 2).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const at = [CLI, 'at', moment, '--json', '--repo', hrepo.dir];
  await wholeProcess(node, at, hrepo.dir);
  const a = await timeInterleaved(
    {
      warm: () => wholeProcess(node, at, hrepo.dir),
      bare: () => wholeProcess('git', historyLogArgs([head]), hrepo.dir),
    },
    { warmup, runs },
  );
  // One environment moved outside Edgit (a `git tag -f`, as every Edgit CLI move is): at then
  // observes it on every run (nothing is written), and answers through the same general path.
  const { tag, from, to } = await outsideMoveTarget(hrepo.dir);
  await wholeProcess('git', ['tag', '-f', '-a', '-m', 'moved outside Edgit', tag, to], hrepo.dir);
  try {
    await wholeProcess(node, at, hrepo.dir);
    const p = await timeInterleaved(
      {
        pending: () => wholeProcess(node, at, hrepo.dir),
        bare: () => wholeProcess('git', historyLogArgs([head]), hrepo.dir),
      },
      { warmup, runs },
    );
    Object.assign(a, { pending: p.pending, barePending: p.bare });
  } finally {
    await wholeProcess('git', ['update-ref', `refs/tags/${tag}`, from], hrepo.dir);
  }
  const headAfter = await new Git(hrepo.dir).line(['rev-parse', HISTORY_REF]);
  if (headAfter !== head) ctx.log(`  NOTE: \`at\` moved ${HISTORY_REF} (${head.slice(0, 10)} → ${headAfter.slice(0, 10)}): a read wrote to the history.`);

  const nodeStart = summarize(s.nodeStart);
  const row = (measure: string, ours: number[], bare: number[], goal: number | null): ProcessRow => {
    const o = summarize(ours);
    const b = summarize(bare);
    return { measure, ours: o, bare: b, ratio: o.median / b.median, goal };
  };
  const rows = [
    row(`warm status --json vs bare rich for-each-ref`, s.warm, s.bare, 0.75),
    row(`status --json after a ref moved (answer recomputed, caches warm)`, s.moved, s.bare, null),
    row(`cold status --json vs bare rich for-each-ref`, s.cold, s.bare, 1.5),
    row(`warm at vs bare git log of the history`, a.warm, a.bare, 1.0),
    row(`warm at, an outside move pending, vs bare git log`, (a as { pending?: number[] }).pending ?? [], (a as { barePending?: number[] }).barePending ?? [], 1.5),
  ];
  ctx.log();
  ctx.log(`Whole processes (median of ${runs} runs after ${warmup} warm-up, interleaved; Node start \`node -e 0\`: ${formatMs(nodeStart.median)})`);
  ctx.log(
    formatTable(
      ['measure', 'edgit-deploy', 'of which past Node start', 'bare git', 'ratio', 'goal', 'met'],
      rows.map((r) => [
        r.measure,
        formatMs(r.ours.median),
        formatMs(r.ours.median - nodeStart.median),
        formatMs(r.bare.median),
        `${r.ratio.toFixed(2)}×`,
        r.goal === null ? '' : `≤ ${r.goal}×`,
        r.goal === null ? '' : r.ratio <= r.goal ? 'yes' : 'no',
      ]),
    ),
  );
  return { components, tags: repo.tags, events: hrepo.events, nodeStart, rows };
}

export const processSection: BenchSection = {
  name: 'process',
  description: 'whole-process edgit-deploy status --json (warm/cold cache) and at, against bare git in the same run',
  run,
};
