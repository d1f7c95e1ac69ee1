// Moves recorded in a deployment history by a named person at a chosen moment (the engine's own
// batch, as edgit-deploy and the editor make it), and moves made the way other tools make them:
// the incident stories of the tree's and the confirmations' tests are written with these.
import { MoveAction } from '../../src/engine';
import { Move, deploy } from './historyFixtures';
import { TestRepo, Who } from './gitRepo';

/** `iso` minutes before now, to the minute (what a history commit's date can hold), in ISO 8601. */
export function minutesAgo(minutes: number, now: number = Date.now()): string {
  return new Date(Math.floor((now - minutes * 60_000) / 60_000) * 60_000).toISOString();
}

/**
 * Runs `work` with git's identity set to `who` for every git process the engine starts (the
 * committer of a history commit and the tagger of the tag objects it writes).
 */
export async function asPerson<T>(who: Who, work: () => Promise<T>): Promise<T> {
  const names = ['GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL'] as const;
  const saved = names.map((n) => process.env[n]);
  process.env.GIT_COMMITTER_NAME = process.env.GIT_AUTHOR_NAME = who.name;
  process.env.GIT_COMMITTER_EMAIL = process.env.GIT_AUTHOR_EMAIL = who.email;
  try {
    return await work();
  } finally {
    names.forEach((n, i) => {
      if (saved[i] === undefined) delete process.env[n];
      else process.env[n] = saved[i];
    });
  }
}

/** One recorded batch by `who` at `iso`, pushed to `origin` unless told otherwise. */
export function recordAs(
  repo: TestRepo,
  who: Who,
  iso: string,
  moves: readonly Move[],
  options: { action?: MoveAction; reason?: string; push?: boolean } = {},
): Promise<{ batchId: string; historyCommit: string | null }> {
  return asPerson(who, () => deploy(repo, iso, moves, { action: options.action, reason: options.reason, remote: options.push === false ? null : 'origin' }));
}

/**
 * A move by the Edgit CLI (`edgit tag set`: delete, re-create annotated on the version tag object,
 * `push --tags --force`) by `who` at `iso`: the deployment history knows nothing of it.
 */
export function moveWithEdgitCli(repo: TestRepo, who: Who, iso: string, key: string, environment: string, version: string, options: { push?: boolean } = {}): void {
  const saved = { who: repo.who, clock: repo.clock };
  repo.who = who;
  repo.clock = iso;
  try {
    repo.setEnvLikeCli(key, environment, version);
    if (options.push !== false) repo.git('push', '-q', '--force', 'origin', `refs/tags/${key}/${environment}`);
  } finally {
    repo.who = saved.who;
    repo.clock = saved.clock;
  }
}

export const ANA: Who = { name: 'Ana Lima', email: 'ana@example.com' };
export const BEA: Who = { name: 'Bea Novak', email: 'bea@example.com' };
export const CARL: Who = { name: 'Carl Ortiz', email: 'carl@example.com' };
export const DEV: Who = { name: 'Dev Patel', email: 'dev@example.com' };
