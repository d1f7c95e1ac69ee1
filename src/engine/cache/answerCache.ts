import { createHash } from 'node:crypto';
import { promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import type { Git } from '../git';
import { CacheFileKind } from './cacheStore';

/**
 * The last whole answer of a read-only command (`status`), kept with the digest of everything it
 * was computed from: the names and object ids of every tag and Edgit ref, HEAD's commit, the
 * working tree's component registry, the command's arguments and the program itself. Objects
 * never change for a given id, so the same inputs give the same answer, and when any input
 * differs the digest differs and the answer is computed again. One file per command
 * (`.git/edgit/cache/answer-<command>`), holding only the last answer: bounded by construction.
 *
 * `status` prints the kept answer when its key matches, and keeps the answer it computed otherwise.
 */

const ANSWER_CACHE_VERSION = 3;

/** The file that keeps `command`'s last answer. */
function answerFile(command: string): CacheFileKind {
  return { name: `answer-${command}`, kind: 'answer', version: ANSWER_CACHE_VERSION };
}

/**
 * Names and object ids of every ref: the tags and Edgit's own refs (deployment history, remote
 * copies) among them. `git show-ref` lists them in half the time `for-each-ref` takes (about
 * 11 ms against 21 ms for 26,000 tags), and opens no object. That branches and remote-tracking
 * refs are in the key too costs only a recomputed answer when one of them moves. show-ref exits 1
 * when there are no refs at all, and fails on a ref whose object is missing (then nothing is kept).
 */
const ANSWER_REF_ARGS = ['show-ref'] as const;

/** One git call for the repository's root, its common git directory and HEAD's commit (a third line, absent before the first commit). */
const ANSWER_PLACE_ARGS = ['rev-parse', '--show-toplevel', '--git-common-dir', '--verify', '--quiet', 'HEAD^{commit}'] as const;

/**
 * The bundles built together that keep and give the same answers: the CLI (dist/cli.js) and its
 * MCP server (dist/mcpServer.js, `edgit-deploy mcp`), whichever this code runs from.
 */
const SIBLING_BUNDLES = ['cli.js', 'mcpServer.js'];

/**
 * What changes when this program changes (another build gives other answers): the size and time
 * of the file this code runs from and of the bundles built with it, so that the CLI and the MCP
 * server share a kept answer instead of each replacing the other's.
 */
function programIdentity(): string {
  const dir = path.dirname(__filename);
  const files = [...new Set([__filename, ...SIBLING_BUNDLES.map((f) => path.join(dir, f))])].sort();
  const parts = files.flatMap((file) => {
    try {
      const s = statSync(file);
      return [`${path.basename(file)} ${s.size}:${s.mtimeMs}`];
    } catch {
      return [];
    }
  });
  return parts.length ? parts.join(' ') : 'unknown';
}

export interface AnswerInputs {
  /** The repository's root (`git rev-parse --show-toplevel`). */
  readonly root: string;
  /** The listing of ANSWER_REF_ARGS, the bytes as git printed them. */
  readonly refs: Buffer;
  /** HEAD's commit, or null (no commit yet). */
  readonly head: string | null;
  /** The bytes of the working tree's `.edgit/components.json`, or null when there is none. */
  readonly registry: Buffer | null;
}

/** The repository's root and HEAD: read by one git call (ANSWER_PLACE_ARGS). */
export interface AnswerPlace {
  readonly root: string;
  /** The common git directory, absolute. */
  readonly gitDir: string;
  readonly head: string | null;
}

/** The names-and-ids listing (ANSWER_REF_ARGS) as git printed it; rejects when git cannot list (a ref to a missing object). */
export async function answerRefs(git: Git): Promise<Buffer> {
  return (await git.run(ANSWER_REF_ARGS, { okExitCodes: [1] })).stdout;
}

/** The place of `git`'s repository (git.cwd may be any folder inside it). */
export async function answerPlace(git: Git): Promise<AnswerPlace> {
  const result = await git.run(ANSWER_PLACE_ARGS, { okExitCodes: [1] });
  const [root, commonDir, head] = result.stdout.toString('utf8').split('\n');
  if (!root || !commonDir) throw new Error(`git rev-parse printed no root and git directory in ${git.cwd}`);
  const gitDir = path.resolve(git.cwd, commonDir);
  git.knowCommonDir(gitDir);
  return { root, gitDir, head: result.exitCode === 0 && head ? head : null };
}

/** The inputs of an answer: the place, the listing read by ANSWER_REF_ARGS and the working tree's registry. */
export async function answerInputs(place: AnswerPlace, refs: Buffer): Promise<AnswerInputs> {
  const registry = await fs.readFile(path.join(place.root, '.edgit', 'components.json')).catch(() => null);
  return { root: place.root, head: place.head, refs, registry };
}

/** The digest of an answer's inputs; `extra` holds what else it depends on (the arguments). */
export function answerKey(inputs: AnswerInputs, extra: readonly string[]): string {
  const hash = createHash('sha1');
  for (const part of [`v${ANSWER_CACHE_VERSION}`, programIdentity(), inputs.root, inputs.head ?? '-', ...extra]) hash.update(part).update('\0');
  hash.update(inputs.registry ? 'registry\0' : 'no registry\0');
  if (inputs.registry) hash.update(inputs.registry);
  hash.update('\0').update(inputs.refs);
  return hash.digest('hex');
}

/** A kept answer and the key it was kept for. */
interface KeptAnswer {
  readonly key: string;
  readonly answer: Buffer;
}

/** The answer kept for `command` with its key, or undefined (none, a damaged or foreign file, caching off). */
async function readKeptAnswer(git: Git, command: string): Promise<KeptAnswer | undefined> {
  const body = await git.caches.read(answerFile(command));
  const end = body ? body.indexOf(10) : -1;
  if (!body || end !== 40) return undefined;
  const key = body.toString('latin1', 0, end);
  return /^[0-9a-f]{40}$/.test(key) ? { key, answer: body.subarray(end + 1) } : undefined;
}

/** What a command's kept answer is checked against: the repository's place and its refs listing, read with the kept answer. */
export interface ReadForAnswer {
  readonly place: AnswerPlace;
  readonly refs: Buffer;
  /** The answer kept as `command`'s, whatever its key (the caller compares). */
  readonly kept: KeptAnswer | undefined;
}

/**
 * The place, the refs listing and `command`'s kept answer, read at once: the listing first (it
 * takes longest), the kept file read and checked while git lists. Rejects when git cannot tell
 * the place or list the refs.
 */
export async function readForAnswer(git: Git, command: string): Promise<ReadForAnswer> {
  const refs = answerRefs(git);
  const place = answerPlace(git);
  // The git directory is known once the place is read: no git call of its own.
  const kept = place.then(() => readKeptAnswer(git, command));
  kept.catch(() => undefined); // when place fails, the await below says so: not an unhandled rejection
  const [p, r] = await Promise.all([place, refs]);
  return { place: p, refs: r, kept: await kept };
}

/** Keeps `answer` as `command`'s one for `key` (replacing the previous one; a failure to write is ignored). */
export async function writeAnswer(git: Git, command: string, key: string, answer: Buffer): Promise<void> {
  await git.caches.write(answerFile(command), [Buffer.from(`${key}\n`, 'latin1'), answer]);
}
