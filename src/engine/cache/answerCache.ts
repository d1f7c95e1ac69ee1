import { createHash } from 'node:crypto';
import { promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import { Git } from '../git';
import { cacheDirectory, cacheDisabled, readCacheFile, writeCacheFile } from './cacheFile';

/**
 * The last whole answer of a read-only command (`status`), kept with the digest of everything it
 * was computed from: the names and object ids of every tag and Edgit ref, HEAD's commit, the
 * working tree's component registry, the command's arguments and the program itself. Objects
 * never change for a given id, so the same inputs give the same answer, and when any input
 * differs the digest differs and the answer is computed again. One file per command
 * (`.git/edgit/cache/answer-<command>`), holding only the last answer: bounded by construction.
 */

const KIND = 'answer';
export const ANSWER_CACHE_VERSION = 1;

/** Names and object ids of the tag refs and of Edgit's own refs (deployment history, remote copies). */
export const ANSWER_REF_ARGS = ['for-each-ref', '--format=%(refname) %(objectname)', 'refs/tags', 'refs/edgit'] as const;

/** What changes when this program changes (another build gives other answers): its file's size and time. */
function programIdentity(): string {
  try {
    const s = statSync(__filename);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return 'unknown';
  }
}

export interface AnswerInputs {
  /** `git for-each-ref` of ANSWER_REF_ARGS, as printed. */
  readonly refs: string;
  /** HEAD's commit, or null (no commit yet). */
  readonly head: string | null;
}

/** The digest of an answer's inputs; `extra` holds what else it depends on (arguments, repository root). */
export async function answerKey(git: Git, inputs: AnswerInputs, extra: readonly string[]): Promise<string> {
  const registry = await fs.readFile(path.join(git.cwd, '.edgit', 'components.json')).catch(() => null);
  const hash = createHash('sha1');
  for (const part of [`v${ANSWER_CACHE_VERSION}`, programIdentity(), git.cwd, inputs.head ?? '-', ...extra]) hash.update(part).update('\0');
  hash.update(registry ? 'registry\0' : 'no registry\0');
  if (registry) hash.update(registry);
  hash.update('\0').update(inputs.refs);
  return hash.digest('hex');
}

async function fileFor(git: Git, command: string): Promise<string> {
  return path.join(await cacheDirectory(git), `${KIND}-${command}`);
}

/** The answer kept for exactly this key, or undefined (none, another key, a damaged file, caching off). */
export async function readAnswer(git: Git, command: string, key: string): Promise<Buffer | undefined> {
  if (cacheDisabled()) return undefined;
  const body = await readCacheFile(await fileFor(git, command), KIND, ANSWER_CACHE_VERSION);
  if (!body || body.length < key.length + 1 || body.toString('latin1', 0, key.length + 1) !== `${key}\n`) return undefined;
  return body.subarray(key.length + 1);
}

/** Keeps `answer` as the one for `key` (replacing the previous one; a failure to write is ignored). */
export async function writeAnswer(git: Git, command: string, key: string, answer: string): Promise<void> {
  if (cacheDisabled()) return;
  await writeCacheFile(await fileFor(git, command), KIND, ANSWER_CACHE_VERSION, Buffer.from(`${key}\n${answer}`, 'utf8'));
}
