import {
  DeploymentHistory,
  Git,
  MoveAction,
  RepositorySnapshot,
  executeRecordedBatch,
  loadHistory,
  loadSnapshot,
  planEnvironmentMove,
  prepareBatch,
} from '../../src/engine';
import { TestRepo, gitDate } from './gitRepo';

/**
 * Helpers for deployment-history tests: a controlled clock for the engine's own git commands
 * (GIT_COMMITTER_DATE / GIT_AUTHOR_DATE in process.env, which the engine's Git inherits), and
 * small teams of clones around one bare remote.
 */

export const E = 'components/prompts/extraction';
export const A = 'components/prompts/analysis';

/** Runs `work` with git's clock set to `iso` for every git process the engine starts. */
export async function atTime<T>(iso: string, work: () => Promise<T>): Promise<T> {
  const saved = { c: process.env.GIT_COMMITTER_DATE, a: process.env.GIT_AUTHOR_DATE };
  process.env.GIT_COMMITTER_DATE = gitDate(iso);
  process.env.GIT_AUTHOR_DATE = gitDate(iso);
  try {
    return await work();
  } finally {
    restore('GIT_COMMITTER_DATE', saved.c);
    restore('GIT_AUTHOR_DATE', saved.a);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** Versions v1.0.0, v1.1.0, v2.0.0 of extraction and analysis, tagged as the Edgit CLI does, dated 2026-01-0X. */
export function seedRepo(repo: TestRepo = TestRepo.init()): TestRepo {
  const days = ['2026-01-01T10:00:00Z', '2026-01-02T10:00:00Z', '2026-01-03T10:00:00Z'];
  ['v1.0.0', 'v1.1.0', 'v2.0.0'].forEach((v, i) => {
    repo.clock = days[i];
    repo.commitFile('components/prompts/extraction.md', `extraction ${v}`);
    repo.tagVersion(E, v);
    repo.commitFile('components/prompts/analysis.md', `analysis ${v}`);
    repo.tagVersion(A, v);
  });
  repo.clock = null;
  return repo;
}

/** A bare remote holding the seed (no environment yet), and two clones: Ana's and Ben's. */
export function team(): { remote: TestRepo; ana: TestRepo; ben: TestRepo } {
  const seed = seedRepo();
  const remote = TestRepo.init(undefined, { bare: true });
  seed.git('push', '-q', remote.dir, 'main', '--tags');
  const ana = TestRepo.clone(remote, undefined, { name: 'Ana', email: 'ana@example.com' });
  const ben = TestRepo.clone(remote, undefined, { name: 'Ben', email: 'ben@example.com' });
  return { remote, ana, ben };
}

export type Move = readonly [component: string, environment: string, version: string];

/** Plans, prepares and executes one recorded batch at moment `iso` (pushed when `remote` is given). */
export async function deploy(
  repo: TestRepo,
  iso: string,
  moves: readonly Move[],
  options: { action?: MoveAction; reason?: string; remote?: string | null } = {},
): Promise<{ batchId: string; historyCommit: string | null }> {
  return atTime(iso, async () => {
    const git = new Git(repo.dir);
    const snapshot = await loadSnapshot(git);
    const batch = await prepareBatch(
      git,
      moves.map(([c, env, v]) => planEnvironmentMove(snapshot, c, env, v)),
      { action: options.action ?? 'set', reason: options.reason },
    );
    const executed = await executeRecordedBatch(git, batch, { remote: options.remote ?? null, snapshot });
    return { batchId: batch.batchId, historyCommit: executed.historyCommit };
  });
}

/** The snapshot and the full history of a clone. */
export async function read(repo: TestRepo): Promise<{ git: Git; snapshot: RepositorySnapshot; history: DeploymentHistory }> {
  const git = new Git(repo.dir);
  return { git, snapshot: await loadSnapshot(git), history: await loadHistory(git) };
}

/** Milliseconds of an ISO moment. */
export const ms = (iso: string): number => Date.parse(iso);
