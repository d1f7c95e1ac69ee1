import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { Git } from '../src/engine/git';
import { RepositorySnapshot, loadSnapshot } from '../src/engine/snapshot';
import { EventDraft, formatHistoryMessage } from '../src/engine/history/historyEvents';
import { DeploymentHistory } from '../src/engine/history/deploymentHistory';
import { HISTORY_REF } from '../src/engine/history/historyRefs';
import { loadHistory } from '../src/engine/history/historyReader';
import { planObservations } from '../src/engine/history/observe';
import { componentStory, eventsBetween, stateAt } from '../src/engine/history/timeTravel';
import { bareGit, historyLogArgs } from './bareGit';
import { ensureRepo } from './generateRepo';
import type { BenchContext, BenchSection } from './section';
import { Summary, formatBytes, formatMs, summarize, timeInterleaved } from './stats';
import { formatTable } from './table';
import { prng } from '../test/helpers/prng';

/**
 * The history section: a deployment history of 100,000 events across 1,000 components (3
 * environments each) written with `git fast-import` onto a clone of the snapshot bench's
 * repository (so events name real commits and tag objects), then: the time to load it against a
 * bare `git log` with the engine's own argv, and the time of stateAt (every component and
 * environment at one moment) once loaded, against the goal of 50 ms per query.
 * Options: --events N (100000), --history-components N (1000), --queries N (200).
 */

const HISTORY_GENERATOR_VERSION = 1;
const STATE_AT_GOAL_MS = 10;

/** 2025-02-01T00:00:00Z, after every tag of the generated repository. */
const HISTORY_EPOCH = 1_738_368_000;
const PEOPLE = ['Ana <ana@edgit.invalid>', 'Ben <ben@edgit.invalid>', 'Chen <chen@edgit.invalid>', 'Dee <dee@edgit.invalid>', 'CI Bot <ci@edgit.invalid>'];
const REASONS = [null, null, null, 'INC-4711 wrong answers', 'new model', 'latency regression', 'customer request', null];

/** Full garbage collection, also when Node was started without --expose-gc (the harness runs sections in-process). */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
}

/** Where each environment was from when, as the generator wrote it: the truth stateAt must find. */
type Truth = Map<string, { ms: number; version: string }[]>;

export interface HistoryRepo {
  readonly dir: string;
  readonly events: number;
  readonly commits: number;
  readonly merges: number;
  readonly components: number;
  readonly firstMs: number;
  readonly lastMs: number;
  readonly generateMs: number;
  readonly cached: boolean;
  readonly version: number;
}

interface Position {
  version: string;
  commit: string;
  object: string;
}

/** Builds the fast-import stream of the history and the truth it encodes. */
function buildHistoryStream(snapshot: RepositorySnapshot, eventCount: number): { text: string; commits: number; merges: number; truth: Truth; firstMs: number; lastMs: number } {
  const random = prng(20250201);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const components = snapshot.components;
  const envs = components.flatMap((c) => c.environments.map((e) => ({ c, e })));
  const position = new Map<string, Position | null>();
  const truth: Truth = new Map();
  const out: string[] = [];
  let mark = 0;
  let previous = 0;
  let clock = HISTORY_EPOCH;
  let events = 0;
  let commits = 0;
  let merges = 0;
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;

  const commit = (ref: string, parent: number, merge: number, ms: number, who: string, message: string): number => {
    const m = ++mark;
    out.push(`commit ${ref}\nmark :${m}\ncommitter ${who} ${Math.floor(ms / 1000)} +0000\n`, data(message));
    if (parent) out.push(`from :${parent}\n`);
    if (merge) out.push(`merge :${merge}\n`);
    out.push('\n');
    commits++;
    return m;
  };

  const move = (key: string, c: RepositorySnapshot['components'][number], env: string, to: Position, ms: number, draft: Partial<EventDraft>): EventDraft => {
    const k = `${key}\0${env}`;
    const from = position.get(k) ?? null;
    position.set(k, to);
    const list = truth.get(k) ?? [];
    list.push({ ms, version: to.version });
    truth.set(k, list);
    events++;
    return {
      kind: 'recorded',
      action: 'set',
      componentKey: key,
      componentId: c.id,
      environment: env,
      fromVersion: from?.version ?? null,
      fromCommit: from?.commit ?? null,
      fromObject: from?.object ?? null,
      toVersion: to.version,
      toCommit: to.commit,
      toObject: to.object,
      batch: '',
      reason: null,
      ...draft,
    };
  };

  const firstMs = clock * 1000;
  const finalMoves = envs.length;
  let batchNo = 0;
  while (events < eventCount - finalMoves) {
    clock += 60 + Math.floor(random() * 1140); // one batch every 1 to 20 minutes
    const ms = clock * 1000;
    const who = pick(PEOPLE);
    const reason = pick(REASONS);
    const batch = `b${(++batchNo).toString(16).padStart(8, '0')}`;
    const r = random();
    const drafts: EventDraft[] = [];
    if (r < 0.05) {
      // A move made with the Edgit CLI, observed later (explicit date, tagger).
      const { c, e } = pick(envs);
      const v = pick(c.versions);
      // Dated by the tag an hour before it was noticed, never before the environment's last event (as observe does).
      const last = truth.get(`${c.key}\0${e.name}`);
      const at = Math.max(ms - 3_600_000, last?.[last.length - 1].ms ?? 0);
      drafts.push(move(c.key, c, e.name, { version: v.version, commit: v.commit, object: v.objectName }, at, { kind: 'observed', action: 'observed', atMs: at, by: who, source: 'tag', batch }));
    } else {
      // One move, or a partial rollback of several components in one environment.
      const size = r < 0.85 ? 1 : 2 + Math.floor(random() * 9);
      const env = pick(envs).e.name;
      const chosen = new Set<RepositorySnapshot['components'][number]>();
      while (chosen.size < size) chosen.add(pick(components));
      const action = size > 1 || random() < 0.2 ? 'rollback' : 'set';
      for (const c of chosen) {
        const v = pick(c.versions);
        drafts.push(move(c.key, c, env, { version: v.version, commit: v.commit, object: v.objectName }, ms, { action, batch, reason }));
      }
    }
    const summary = `${drafts[0].action} ${drafts.length} environment pointer(s)`;
    const message = formatHistoryMessage(summary, drafts[0].kind === 'recorded' ? drafts[0].reason : null, drafts);
    if (batchNo % 1000 === 0 && previous) {
      // Two clones recorded at once: a side commit from the same parent, joined by a merge.
      const side = commit('refs/edgit/bench-side', previous, 0, ms, who, message);
      const main = commit(HISTORY_REF, previous, 0, ms - 1000, pick(PEOPLE), formatHistoryMessage('set 0 environment pointers', null, []));
      previous = commit(HISTORY_REF, main, side, ms + 1000, who, 'Merge deployment history from origin\n');
      merges++;
    } else {
      previous = commit(HISTORY_REF, previous, 0, ms, who, message);
    }
  }
  // Last: every environment to where its tag is now, so the history agrees with the tags.
  clock += 3600;
  for (let i = 0; i < envs.length; i += 100) {
    const ms = (clock += 60) * 1000;
    const drafts = envs.slice(i, i + 100).map(({ c, e }) =>
      move(c.key, c, e.name, { version: e.version ?? '', commit: e.commit ?? '', object: e.objectName }, ms, { action: 'set', batch: `final${i}` }),
    );
    previous = commit(HISTORY_REF, previous, 0, ms, PEOPLE[0], formatHistoryMessage(`set ${drafts.length} environment pointers`, null, drafts));
  }
  out.push('done\n');
  return { text: out.join(''), commits, merges, truth, firstMs, lastMs: clock * 1000 };
}

function git(cwd: string, args: string[], input?: string): string {
  const result = spawnSync('git', args, { cwd, input, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', LC_ALL: 'C' } });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed (${result.status}): ${result.stderr.trim()}`);
  return result.stdout;
}

/** The history repository (cached), and the truth of its events (rebuilt: it is deterministic). */
export async function ensureHistoryRepo(ctx: BenchContext, components: number, eventCount: number): Promise<{ repo: HistoryRepo; truth: Truth; snapshot: RepositorySnapshot }> {
  const base = ensureRepo(components, 'packed', ctx.args.regenerate);
  const dir = path.join(ctx.workDir, 'repos', `history-n${components}-e${eventCount}-h${HISTORY_GENERATOR_VERSION}-${path.basename(base.dir)}`);
  const metaFile = `${dir}.json`;
  const snapshot = await loadSnapshot(new Git(base.dir));
  const started = performance.now();
  const stream = buildHistoryStream(snapshot, eventCount);
  if (!ctx.args.regenerate && existsSync(metaFile) && existsSync(dir)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as HistoryRepo;
    if (meta.version === HISTORY_GENERATOR_VERSION) return { repo: { ...meta, dir, cached: true }, truth: stream.truth, snapshot };
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(metaFile, { force: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  // Shares the base repository's objects (alternates): the tags and commits the events name.
  git(path.dirname(dir), ['clone', '--quiet', '--shared', '--no-checkout', base.dir, tmp]);
  git(tmp, ['config', 'gc.auto', '0']);
  git(tmp, ['fast-import', '--quiet', '--done', '--date-format=raw'], stream.text);
  git(tmp, ['update-ref', '-d', 'refs/edgit/bench-side']);
  git(tmp, ['-c', 'pack.threads=1', 'repack', '-d', '-q']);
  const generateMs = performance.now() - started;
  renameSync(tmp, dir);
  const repo: HistoryRepo = {
    dir,
    events: [...stream.truth.values()].reduce((n, l) => n + l.length, 0),
    commits: stream.commits,
    merges: stream.merges,
    components,
    firstMs: stream.firstMs,
    lastMs: stream.lastMs,
    generateMs,
    cached: false,
    version: HISTORY_GENERATOR_VERSION,
  };
  writeFileSync(metaFile, JSON.stringify(repo, null, 2));
  return { repo, truth: stream.truth, snapshot: await loadSnapshot(new Git(dir)) };
}

/** Compares stateAt with the generator's truth at `moments`; returns the differences. */
function verify(history: DeploymentHistory, snapshot: RepositorySnapshot, truth: Truth, moments: readonly number[]): string[] {
  const problems: string[] = [];
  for (const ms of moments) {
    const state = stateAt(history, snapshot, ms);
    const answer = new Map<string, string | null>();
    for (const c of state.components) for (const e of c.environments) answer.set(`${c.key}\0${e.name}`, e.evidence === 'unknown' ? null : e.version);
    for (const [k, list] of truth) {
      let expected: string | null = null;
      for (const p of list) if (p.ms <= ms) expected = p.version;
      const got = answer.get(k) ?? null;
      // Ties within one second may be ordered either way by the generator's list: compare only unambiguous ones.
      if (got !== expected && !list.some((p) => Math.abs(p.ms - ms) < 1000)) {
        if (problems.length < 10) problems.push(`${k.replace('\0', ' · ')} at ${new Date(ms).toISOString()}: expected ${expected}, got ${got}`);
        else return problems;
      }
    }
  }
  return problems;
}

interface HistoryResult {
  readonly repo: HistoryRepo;
  readonly logArgs: readonly string[];
  readonly load: Summary;
  /** loadHistory from the history cache (the ref unchanged since it was written). */
  readonly cachedLoad: Summary;
  readonly loadGit: Summary;
  readonly bareLog: Summary;
  readonly bareLogBytes: number;
  readonly ratio: number;
  readonly heapAfterLoad: number;
  readonly stateAt: Summary & { readonly p95: number; readonly environments: number };
  readonly eventsBetweenDay: Summary;
  readonly story: Summary;
  readonly observePlan: Summary & { readonly observed: number };
  readonly problems: readonly string[];
  readonly goal: { readonly ms: number; readonly measured: number; readonly met: boolean };
}

async function run(ctx: BenchContext): Promise<HistoryResult> {
  const raw = ctx.args.raw;
  const num = (name: string, fallback: number) => {
    const v = raw.get(name);
    const n = typeof v === 'string' ? Number(v.replace(/_/g, '')) : fallback;
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer.`);
    return n;
  };
  const eventCount = num('events', 100_000);
  const components = num('history-components', 1000);
  const queries = num('queries', 200);

  const { repo, truth, snapshot } = await ensureHistoryRepo(ctx, components, eventCount);
  ctx.log(
    `  ${repo.events.toLocaleString('en-US')} events in ${repo.commits.toLocaleString('en-US')} commits (${repo.merges} merges), ${components} components: ` +
      `${repo.cached ? 'cached (generated in ' + formatMs(repo.generateMs) + ')' : 'generated in ' + formatMs(repo.generateMs)}`,
  );
  const git = new Git(repo.dir);
  const head = await git.line(['rev-parse', HISTORY_REF]);
  const logArgs = historyLogArgs([head]);

  let gitMs = 0;
  const unlisten = Git.onCommand((e) => {
    if (e.args[0] === 'rev-list' || e.args[0] === 'cat-file') gitMs += e.ms;
  });
  const loadGit: number[] = [];
  let bytes = 0;
  const samples = await timeInterleaved(
    {
      load: async () => {
        gitMs = 0;
        await loadHistory(git, { cache: false });
        loadGit.push(gitMs);
      },
      cached: async () => {
        await loadHistory(git);
      },
      bare: async () => {
        bytes = await bareGit(repo.dir, logArgs);
      },
    },
    { warmup: ctx.args.warmup, runs: ctx.args.runs },
  );
  unlisten();

  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const history = await loadHistory(git);
  collectGarbage();
  const heapAfterLoad = process.memoryUsage().heapUsed - heapBefore;
  history.timeline(snapshot.components[0].key, 'production'); // keeps `history` alive until here
  if (history.size !== repo.events) throw new Error(`Loaded ${history.size} events, expected ${repo.events}.`);

  // stateAt at random moments over the whole span (first call included: nothing is precomputed outside it).
  const random = prng(7);
  const moments = Array.from({ length: queries }, () => repo.firstMs + random() * (repo.lastMs - repo.firstMs));
  const fresh = await loadHistory(git);
  const stateTimes: number[] = [];
  let environments = 0;
  for (const ms of moments) {
    const t = performance.now();
    const s = stateAt(fresh, snapshot, ms);
    stateTimes.push(performance.now() - t);
    environments = s.components.reduce((n, c) => n + c.environments.length, 0);
  }
  const sorted = [...stateTimes].sort((a, b) => a - b);
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];

  const day = 86_400_000;
  const between = moments.slice(0, 50).map((ms) => {
    const t = performance.now();
    eventsBetween(history, { sinceMs: ms, untilMs: ms + day });
    return performance.now() - t;
  });
  const keys = snapshot.components.map((c) => c.key);
  const stories = keys.slice(0, 50).map((key) => {
    const t = performance.now();
    componentStory(history, snapshot, key);
    return performance.now() - t;
  });
  let observed = 0;
  const observeTimes = [0, 1, 2, 3, 4].map(() => {
    const t = performance.now();
    observed = planObservations(snapshot, history).length;
    return performance.now() - t;
  });
  const problems = verify(history, snapshot, truth, moments.slice(0, 20));

  const load = summarize(samples.load);
  const cachedLoad = summarize(samples.cached);
  const bareLog = summarize(samples.bare);
  const stateSummary = summarize(stateTimes);
  const result: HistoryResult = {
    repo,
    logArgs,
    load,
    cachedLoad,
    loadGit: summarize(loadGit.slice(-ctx.args.runs)),
    bareLog,
    bareLogBytes: bytes,
    ratio: load.median / bareLog.median,
    heapAfterLoad,
    stateAt: { ...stateSummary, p95, environments },
    eventsBetweenDay: summarize(between),
    story: summarize(stories),
    observePlan: { ...summarize(observeTimes), observed },
    problems,
    goal: { ms: STATE_AT_GOAL_MS, measured: p95, met: p95 <= STATE_AT_GOAL_MS && problems.length === 0 },
  };
  report(ctx, result);
  return result;
}

function report(ctx: BenchContext, r: HistoryResult): void {
  ctx.log();
  ctx.log(`Load (median of ${ctx.args.runs} runs after ${ctx.args.warmup} warm-up, interleaved; baseline = git ${r.logArgs[0]} with the engine's argv, spawned from Node, output discarded)`);
  ctx.log(
    formatTable(
      ['events', 'commits', 'loadHistory (no cache)', 'git in it', 'engine JS', 'bare git log', 'engine/bare', 'from the cache', 'cached/bare', 'log output', 'heap retained'],
      [
        [
          r.repo.events.toLocaleString('en-US'),
          r.repo.commits.toLocaleString('en-US'),
          formatMs(r.load.median),
          formatMs(r.loadGit.median),
          formatMs(r.load.median - r.loadGit.median),
          formatMs(r.bareLog.median),
          `${r.ratio.toFixed(2)}×`,
          formatMs(r.cachedLoad.median),
          `${(r.cachedLoad.median / r.bareLog.median).toFixed(2)}×`,
          formatBytes(r.bareLogBytes),
          formatBytes(r.heapAfterLoad),
        ],
      ],
    ),
  );
  ctx.log();
  ctx.log(`Queries once loaded (${r.stateAt.runs} stateAt at random moments, each over ${r.stateAt.environments.toLocaleString('en-US')} component environments)`);
  ctx.log(
    formatTable(
      ['query', 'median', 'p95', 'max', 'runs'],
      [
        ['stateAt (all components)', formatMs(r.stateAt.median), formatMs(r.stateAt.p95), formatMs(r.stateAt.max), String(r.stateAt.runs)],
        ['eventsBetween (one day)', formatMs(r.eventsBetweenDay.median), '-', formatMs(r.eventsBetweenDay.max), String(r.eventsBetweenDay.runs)],
        ['componentStory (one)', formatMs(r.story.median), '-', formatMs(r.story.max), String(r.story.runs)],
        [`planObservations (${r.observePlan.observed} found)`, formatMs(r.observePlan.median), '-', formatMs(r.observePlan.max), String(r.observePlan.runs)],
      ],
    ),
  );
  for (const p of r.problems) ctx.log(`  WRONG: ${p}`);
  ctx.log();
  ctx.log(
    `Goal: stateAt ≤ ${r.goal.ms} ms per query (p95) with ${r.repo.events.toLocaleString('en-US')} events loaded: ${formatMs(r.goal.measured)} — ${r.goal.met ? 'MET' : 'NOT MET'}` +
      (r.problems.length ? ' (answers differ from the generated truth)' : ', answers match the generated truth'),
  );
}

export const historySection: BenchSection = {
  name: 'history',
  description: 'deployment history: load 100k events (vs a bare git log of the same history) and stateAt per query',
  run,
};
