import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { CLI } from './cliRun';
import { TestRepo, Who, tempDir } from './gitRepo';
import { A, E, seedRepo } from './historyFixtures';

/**
 * What an attacker who can push to the shared remote can write, built with git plumbing: tag and
 * commit objects with any bytes (`git hash-object --literally` skips every check git would make),
 * history commits with any committer and date, and events with any field values. Plus a runner
 * for the built CLI that treats a hang or a crash as an outcome to assert on, and the check that
 * text meant for a terminal or a CI log carries no control, bidi or format character.
 */

export { A, E };

/** The empty tree, which every history commit has. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** Writes any bytes as an object of `type` (no fsck, no normalisation) and returns its id. */
export function writeRawObject(repo: TestRepo, type: 'tag' | 'commit' | 'tree' | 'blob', body: string | Uint8Array): string {
  return execFileSync('git', ['hash-object', '-t', type, '-w', '--literally', '--stdin'], {
    cwd: repo.dir,
    env: repo.env(),
    input: body,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  }).trim();
}

/** Makes sure the empty tree object exists (a fresh clone may not have it). */
export function ensureEmptyTree(repo: TestRepo): string {
  const id = writeRawObject(repo, 'tree', '');
  assert.equal(id, EMPTY_TREE);
  return id;
}

const bytes = (v: string | Uint8Array): Buffer => (typeof v === 'string' ? Buffer.from(v, 'utf8') : Buffer.from(v));

export interface RawTag {
  /** The object it points at, and that object's type. */
  readonly object: string;
  readonly type?: 'commit' | 'tag';
  /** The name recorded inside the object (`tag` line). */
  readonly tag: string;
  /** `Name <email>`, as it goes on the tagger line (any bytes). */
  readonly tagger: string | Uint8Array;
  /** What follows the identity on the tagger line: `<unix seconds> <zone>` (any text). */
  readonly date: string;
  readonly message: string | Uint8Array;
}

/** The bytes of a tag object. */
export function tagBody(t: RawTag): Buffer {
  return Buffer.concat([
    Buffer.from(`object ${t.object}\ntype ${t.type ?? 'commit'}\ntag ${t.tag}\ntagger `, 'utf8'),
    bytes(t.tagger),
    Buffer.from(` ${t.date}\n\n`, 'utf8'),
    bytes(t.message),
  ]);
}

/** Writes a tag object with `hash-object --literally` (any bytes) and returns its id; no ref changes. */
export function rawTag(repo: TestRepo, t: RawTag): string {
  return writeRawObject(repo, 'tag', tagBody(t));
}

/** Writes a tag object with `git mktag` (which runs git's strict tag checks) and returns its id. */
export function mkTag(repo: TestRepo, t: RawTag): string {
  return execFileSync('git', ['mktag'], { cwd: repo.dir, env: repo.env(), input: tagBody(t), encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim();
}

export interface RawCommit {
  readonly parents: readonly string[];
  /** `Name <email>` of the committer (and author), any bytes. */
  readonly committer: string | Uint8Array;
  /** What follows the identity: `<unix seconds> <zone>` (any text). */
  readonly date: string;
  readonly message: string | Uint8Array;
}

/** Writes a history commit (the empty tree) with any committer, date and message bytes. */
export function rawHistoryCommit(repo: TestRepo, c: RawCommit): string {
  ensureEmptyTree(repo);
  const ident = (role: string) => Buffer.concat([Buffer.from(`${role} `, 'utf8'), bytes(c.committer), Buffer.from(` ${c.date}\n`, 'utf8')]);
  const body = Buffer.concat([
    Buffer.from(`tree ${EMPTY_TREE}\n${c.parents.map((p) => `parent ${p}\n`).join('')}`, 'utf8'),
    ident('author'),
    ident('committer'),
    Buffer.from('\n', 'utf8'),
    bytes(c.message),
  ]);
  return writeRawObject(repo, 'commit', body);
}

/** The wire fields of one history event (see src/engine/history/historyEvents.ts); any values. */
export interface WireEventFields {
  readonly kind?: unknown;
  readonly action?: unknown;
  readonly component?: unknown;
  readonly id?: unknown;
  readonly environment?: unknown;
  readonly fromVersion?: unknown;
  readonly fromCommit?: unknown;
  readonly fromObject?: unknown;
  readonly toVersion?: unknown;
  readonly toCommit?: unknown;
  readonly toObject?: unknown;
  readonly batch?: unknown;
  readonly reason?: unknown;
  readonly at?: unknown;
  readonly dated?: unknown;
  readonly by?: unknown;
  readonly source?: unknown;
  readonly version?: unknown;
  readonly commit?: unknown;
}

/** One `Edgit-Event: {json}` line (without its newline): a recorded `set` unless the fields say otherwise. */
export function eventLine(fields: WireEventFields): string {
  return 'Edgit-Event: ' + JSON.stringify({ v: 1, kind: 'recorded', action: 'set', fromVersion: null, fromCommit: null, fromObject: null, toObject: null, reason: null, ...fields });
}

/** One `git update-ref --stdin` transaction (thousands of refs in one git call). */
export function updateRefs(repo: TestRepo, transaction: string): void {
  execFileSync('git', ['update-ref', '--stdin'], { cwd: repo.dir, env: repo.env(), input: transaction, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** The current value of a ref, or null. */
export function refOf(repo: TestRepo, ref: string): string | null {
  return repo.refValue(ref);
}

/** `git rev-parse <ref>^{commit}`, or null when it peels to no commit. */
export function commitOf(repo: TestRepo, ref: string): string | null {
  try {
    return repo.git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  } catch {
    return null;
  }
}

/**
 * A remote with a history, as a team has it after a few recorded moves: extraction and analysis
 * at v1.0.0, v1.1.0, v2.0.0 (dated 2026-01-0X); extraction production at v1.1.0 and analysis
 * production at v1.0.0 (2026-02-01), extraction staging at v2.0.0 (2026-02-02), each moved with
 * `edgit-deploy set --push` by Ana. Built once; teams get a copy.
 */
let baseRemoteDir: string | undefined;

function baseRemote(): string {
  // (Another suite's cleanupTempDirs may have removed it: then it is built again.)
  if (baseRemoteDir && existsSync(baseRemoteDir)) return baseRemoteDir;
  const remote = TestRepo.init(tempDir('edgit-hostile-remote-'), { bare: true });
  const ana = seedRepo();
  ana.publishTo(remote);
  const moves: [string, string, string, string][] = [
    ['2026-02-01T09:00:00Z', 'prompts/extraction', 'production', 'v1.1.0'],
    ['2026-02-01T09:00:00Z', 'prompts/analysis', 'production', 'v1.0.0'],
    ['2026-02-02T09:00:00Z', 'prompts/extraction', 'staging', 'v2.0.0'],
  ];
  for (const [at, c, env, v] of moves) mustSucceed(edgit(ana, ['set', c, env, v, '--yes', '--push', '--reason', `release ${v}`], { at }), 'seeding the base remote');
  baseRemoteDir = remote.dir;
  return remote.dir;
}

export interface Team {
  /** A bare copy of the base remote (origin of both clones). */
  readonly remote: TestRepo;
  /** Mallory's clone, with the history: anyone who can push. */
  readonly attacker: TestRepo;
  /** Ben's clone, with the history and warm caches (he has run `status` before). */
  readonly victim: TestRepo;
}

export const MALLORY: Who = { name: 'Mallory', email: 'mallory@example.com' };
export const BEN: Who = { name: 'Ben', email: 'ben@example.com' };

/** A fresh copy of the base remote, an attacker's clone and a victim's clone of it. */
export function hostileTeam(attackerWho: Who = MALLORY): Team {
  const dir = tempDir('edgit-hostile-copy-');
  cpSync(baseRemote(), dir, { recursive: true });
  const remote = new TestRepo(dir);
  const attacker = TestRepo.clone(remote, undefined, attackerWho);
  attacker.git('fetch', '-q', 'origin', '+refs/edgit/*:refs/edgit/*');
  const victim = TestRepo.clone(remote, undefined, BEN);
  mustSucceed(edgit(victim, ['fetch']), 'the victim’s first fetch');
  mustSucceed(edgit(victim, ['status']), 'the victim’s first status');
  return { remote, attacker, victim };
}

/** What the attacker pushes: refs forced onto the shared remote, as `git push -f` does. */
export function pushForced(attacker: TestRepo, ...refs: string[]): void {
  attacker.git('push', '-q', '-f', 'origin', ...refs.map((r) => `+${r}:${r}`));
}

/** The victim fetches with plain git: every tag forced, and the Edgit refs. */
export function plainFetch(victim: TestRepo): void {
  victim.git('fetch', '-q', '--tags', '--force', 'origin');
  victim.git('fetch', '-q', 'origin', '+refs/edgit/history:refs/edgit/history');
}

export interface Run {
  readonly args: readonly string[];
  readonly code: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built CLI in `repo` as a process, with a time limit (a hang is an outcome, not a
 * stuck suite) and a heap limit (a process that grows without end fails in seconds instead of
 * taking the machine's memory). `at`: its GIT_COMMITTER_DATE (null: now).
 */
export function edgit(
  repo: TestRepo,
  args: readonly string[],
  options: { at?: string | null; timeoutMs?: number; env?: Record<string, string>; heapMb?: number } = {},
): Run {
  const saved = repo.clock;
  repo.clock = options.at ?? null;
  const env = { ...repo.env(), CI: 'true', TZ: 'UTC', NODE_OPTIONS: `--max-old-space-size=${options.heapMb ?? 512}`, ...options.env };
  repo.clock = saved;
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: repo.dir,
    env,
    encoding: 'utf8',
    input: '',
    timeout: options.timeoutMs ?? 30_000,
    killSignal: 'SIGKILL',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const error: NodeJS.ErrnoException | undefined = r.error;
  const timedOut = error?.code === 'ETIMEDOUT';
  if (r.error && !timedOut) throw r.error;
  return { args, code: r.status, signal: r.signal, timedOut, stdout: r.stdout, stderr: r.stderr };
}

/** Non-ASCII characters the CLI itself prints, left as they are in reports. */
const PRINTED_BY_THE_CLI = new Set(['→', '·', '…', '≤', '‘', '’']);

/**
 * Text for an assertion message, quoted, with control, format and other non-ASCII characters
 * written as escapes (JSON.stringify leaves C1 controls, bidi overrides and look-alike letters
 * raw, which would reorder, hide or disguise the very report that names them).
 */
export function visible(text: string, quoted = true): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (quoted && (ch === '"' || ch === '\\')) out += '\\' + ch;
    else if (cp === 0x0a) out += '\\n';
    else if (cp === 0x0d) out += '\\r';
    else if ((cp >= 0x20 && cp < 0x7f) || PRINTED_BY_THE_CLI.has(ch)) out += ch;
    else if (cp < 0x100) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else out += `\\u{${cp.toString(16)}}`;
  }
  return quoted ? `"${out}"` : out;
}

/** A value as JSON for a report: bytes as hex, every unusual character escaped (see visible). */
export function visibleJson(value: unknown): string {
  const text = JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? `bytes:${Buffer.from(v).toString('hex')}` : v === undefined ? null : v));
  return visible(text, false);
}

/** A run for an assertion message: command, how it ended, and the start of its output (escaped). */
export function describeRun(r: Run): string {
  const how = r.timedOut ? 'timed out (killed)' : r.signal ? `killed by ${r.signal}` : `exit ${r.code}`;
  const clip = (s: string) => visible(s.length > 1500 ? s.slice(0, 1500) + '…' : s);
  return `edgit-deploy ${r.args.map((a) => visible(a)).join(' ')}: ${how}\n  stdout: ${clip(r.stdout)}\n  stderr: ${clip(r.stderr)}`;
}

/** What a crash looks like: the CLI's catch-all, an uncaught exception, a heap exhausted. */
const CRASH = /unexpected error|RangeError|TypeError|heap out of memory|Invalid (time value|string length)|^\s+at .+[(:]\d+:\d+\)?$/m;

/** The run finished on its own (no time-out, no signal), with one of `codes`, and without a crash. */
export function finished(r: Run, codes: readonly number[] = [0], what = ''): Run {
  const prefix = what ? `${what}: ` : '';
  assert.ok(!r.timedOut, `${prefix}did not finish within the time limit\n${describeRun(r)}`);
  assert.equal(r.signal, null, `${prefix}was killed\n${describeRun(r)}`);
  assert.ok(!CRASH.test(r.stdout) && !CRASH.test(r.stderr), `${prefix}crashed\n${describeRun(r)}`);
  assert.ok(r.code !== null && codes.includes(r.code), `${prefix}exit code ${r.code}, expected ${codes.join(' or ')}\n${describeRun(r)}`);
  return r;
}

export function mustSucceed(r: Run, what = ''): Run {
  return finished(r, [0], what);
}

/** What a reader skipped, as the --json answers name it (the `skipped` contract). */
export interface Skipped {
  readonly where: string;
  readonly what: string;
}

export interface StatusEnvironment {
  readonly name: string;
  readonly version: string | null;
  readonly commit: string | null;
  readonly movedAt: string | null;
  readonly movedBy: string | null;
}

/** `status --json`, as far as these tests read it. */
export interface StatusAnswer {
  readonly components: readonly {
    readonly id: string;
    readonly key: string;
    readonly versions: readonly { readonly version: string; readonly commit: string }[];
    readonly environments: readonly StatusEnvironment[];
  }[];
  readonly skipped?: unknown;
}

/** `at --json`. */
export interface AtAnswer {
  readonly components: readonly {
    readonly id: string;
    readonly environments: readonly { readonly name: string; readonly version: string | null; readonly commit: string | null; readonly evidence: string }[];
  }[];
  readonly skipped?: unknown;
}

/** `verify --json`. */
export interface VerifyAnswer {
  readonly ok: boolean;
  readonly problems: readonly { readonly kind: string; readonly component: string; readonly environment: string; readonly movedBy: string | null; readonly message: string }[];
  readonly skipped?: unknown;
}

/** One entry of `history --json`. */
export interface HistoryEntry {
  readonly kind: string;
  readonly component: string;
  readonly environment: string | null;
  readonly by: string | null;
  readonly reason: string | null;
  readonly batch: string;
}

/** Parses a --json run's stdout, failing with the run's description when it is not JSON. */
export function json<T>(r: Run): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch (e) {
    assert.fail(`--json output does not parse (${(e as Error).message})\n${describeRun(r)}`);
  }
}

/**
 * A character that must never reach a terminal or a CI log from data: C0 controls except the
 * newline, DEL, C1 controls, and format characters (Unicode category Cf: bidi embeddings,
 * overrides and isolates, zero-width characters, the BOM…).
 */
// eslint-disable-next-line no-control-regex
export const UNSAFE_CHAR = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]|\p{Cf}/u;

/** The first unsafe character of `text` and the line it is on, or undefined. */
export function firstUnsafe(text: string): { char: string; codePoint: string; line: string } | undefined {
  const m = UNSAFE_CHAR.exec(text);
  if (!m) return undefined;
  const start = text.lastIndexOf('\n', m.index) + 1;
  const end = text.indexOf('\n', m.index);
  const line = text.slice(start, end < 0 ? text.length : end);
  return { char: m[0], codePoint: `U+${m[0].codePointAt(0)!.toString(16).padStart(4, '0').toUpperCase()}`, line };
}

/** A line a CI runner would read as a workflow command (`::error::…`, `::set-output …`). */
export function workflowCommandLine(text: string): string | undefined {
  return text.split('\n').find((l) => /^\s*::/.test(l));
}

/** Human output (stdout and stderr) is safe to print: no unsafe character, no workflow-command line. */
export function assertSafeForTerminal(r: Run, what = describeArgs(r)): void {
  for (const [stream, text] of [['stdout', r.stdout], ['stderr', r.stderr]] as const) {
    const bad = firstUnsafe(text);
    if (bad) assert.fail(`${what} (${stream}) prints ${bad.codePoint} raw, in the line ${visible(bad.line)}`);
    const command = workflowCommandLine(text);
    if (command !== undefined) assert.fail(`${what} (${stream}) prints a line a CI runner reads as a command: ${visible(command)}`);
  }
}

function describeArgs(r: Run): string {
  return `edgit-deploy ${r.args.map((a) => (/^[\x21-\x7e]*$/.test(a) ? a : visible(a))).join(' ')}`;
}

/** The `where` of a skipped history commit, as the readers name it. */
export function historyCommitPlace(commit: string): string {
  return `history commit ${commit.slice(0, 10)}`;
}

/** The `skipped` array of a --json answer (asserting its shape: { where, what } strings). */
export function skippedOf(answer: { skipped?: unknown }, what: string): Skipped[] {
  const skipped = answer.skipped;
  assert.ok(Array.isArray(skipped), `${what}: no top-level "skipped" array in ${visibleJson(answer).slice(0, 300)}`);
  for (const s of skipped as Partial<Skipped>[]) {
    assert.ok(typeof s?.where === 'string' && typeof s?.what === 'string', `${what}: a skipped entry is not { where, what }: ${visibleJson(s)}`);
  }
  return skipped as Skipped[];
}

/** A directory copy of a repository (objects, refs, caches): a cheap fresh repository per property run. */
export function copyRepo(repo: TestRepo): TestRepo {
  const dir = tempDir('edgit-hostile-run-');
  cpSync(repo.dir, dir, { recursive: true });
  const copy = new TestRepo(dir);
  copy.who = repo.who;
  return copy;
}

/** Where the victim's Edgit caches live. */
export function cacheDir(repo: TestRepo): string {
  return path.join(repo.dir, '.git', 'edgit', 'cache');
}
