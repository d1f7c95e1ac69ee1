import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BASE_EPOCH, buildCommitStream } from './commitStream';
import { writePack } from './packWriter';
import { writeLooseRefs, writePackedRefs } from './refFiles';
import { plannedComponents } from './repoModel';
import { buildTagObjects } from './tagObjects';

/**
 * Generates (or reuses) a benchmark repository of N Edgit components, 13 tags each, in a few
 * git processes whatever N: `git fast-import` for the commits, one pack of tag objects built
 * here for `git index-pack`, refs written as files, then one `git repack` so the repository
 * looks like a clone (one pack, tag objects deltified by pack-objects). Never one process per tag.
 * Repositories are cached under bench/.work/repos, keyed by N, ref storage and GENERATOR_VERSION.
 */

/** Bump whenever the plan or the generated objects change, so cached repositories are regenerated. */
const GENERATOR_VERSION = 2;

/** `packed`: one packed-refs file with peeled lines, as a fresh clone has; `loose`: one file per ref. */
export type RefStorage = 'packed' | 'loose';

export interface BenchRepo {
  readonly dir: string;
  readonly components: number;
  readonly refs: RefStorage;
  readonly tags: number;
  readonly commits: number;
  /** How long generation took when the repository was made (also when it now comes from the cache). */
  readonly generateMs: number;
  /** The same, per step. */
  readonly phasesMs: Readonly<Record<string, number>>;
  readonly cached: boolean;
  readonly generatorVersion: number;
}

export const WORK_DIR = path.resolve(__dirname, '..', '..', 'bench', '.work');
const REPOS_DIR = path.join(WORK_DIR, 'repos');

const FIXED_DATE = `@${BASE_EPOCH} +0000`;
/** Reproducible and independent of the user's git configuration. */
const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Edgit Bench',
  GIT_AUTHOR_EMAIL: 'bench@edgit.invalid',
  GIT_COMMITTER_NAME: 'Edgit Bench',
  GIT_COMMITTER_EMAIL: 'bench@edgit.invalid',
  GIT_AUTHOR_DATE: FIXED_DATE,
  GIT_COMMITTER_DATE: FIXED_DATE,
  LC_ALL: 'C',
};

function repoDirFor(components: number, refs: RefStorage): string {
  return path.join(REPOS_DIR, `edgit-n${components}-${refs}-g${GENERATOR_VERSION}`);
}

/** Returns the cached repository, or generates it. `force` regenerates even when cached. */
export function ensureRepo(components: number, refs: RefStorage, force = false): BenchRepo {
  const dir = repoDirFor(components, refs);
  const metaFile = `${dir}.json`;
  if (!force && existsSync(metaFile) && existsSync(dir)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as BenchRepo;
    if (meta.generatorVersion === GENERATOR_VERSION) return { ...meta, dir, cached: true };
  }
  rmSync(metaFile, { force: true });
  rmSync(dir, { recursive: true, force: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(REPOS_DIR, { recursive: true });

  const phasesMs: Record<string, number> = {};
  let lap = performance.now();
  const phase = (name: string): void => {
    const now = performance.now();
    phasesMs[name] = now - lap;
    lap = now;
  };

  const plan = plannedComponents(components);
  const commits = buildCommitStream(plan);
  const gitDir = path.join(tmp, '.git');
  const marksFile = path.join(gitDir, 'bench-marks');
  git(REPOS_DIR, ['init', '--quiet', '--initial-branch=main', tmp]);
  git(tmp, ['config', 'gc.auto', '0']);
  git(tmp, ['fast-import', '--quiet', '--done', '--date-format=raw', `--export-marks=${marksFile}`], commits.text);
  phase('commits');

  const oidByMark = new Map<number, string>();
  for (const line of readFileSync(marksFile, 'utf8').split('\n')) {
    const [mark, oid] = line.split(' ');
    if (oid) oidByMark.set(Number(mark.slice(1)), oid);
  }
  rmSync(marksFile);
  const tags = buildTagObjects(plan, commits, (mark) => oidByMark.get(mark) ?? fail(`no commit for mark :${mark}`));
  git(tmp, ['index-pack', '--stdin'], writePack(tags.map((t) => t.object)));
  phase('tags');

  if (refs === 'packed') writePackedRefs(gitDir, tags);
  else writeLooseRefs(gitDir, tags);
  phase('refs');

  // A single thread makes pack-objects' delta choices, hence the pack, reproducible.
  git(tmp, ['-c', 'pack.threads=1', 'repack', '-a', '-d', '-f', '-q']);
  phase('repack');
  git(tmp, ['reset', '--quiet', '--hard', 'main']);
  phase('checkout');
  const generateMs = Object.values(phasesMs).reduce((a, b) => a + b, 0);

  try {
    renameSync(tmp, dir);
  } catch (e) {
    // Another bench process generated the same repository meanwhile: theirs is as good as ours.
    rmSync(tmp, { recursive: true, force: true });
    if (existsSync(metaFile)) return { ...(JSON.parse(readFileSync(metaFile, 'utf8')) as BenchRepo), dir, cached: true };
    throw e;
  }
  const repo: BenchRepo = {
    dir,
    components,
    refs,
    tags: tags.length,
    commits: commits.commits,
    generateMs,
    phasesMs,
    cached: false,
    generatorVersion: GENERATOR_VERSION,
  };
  writeFileSync(metaFile, JSON.stringify(repo, null, 2));
  return repo;
}

function fail(message: string): never {
  throw new Error(message);
}

function git(cwd: string, args: string[], input?: string | Buffer): string {
  const result = spawnSync('git', args, { cwd, env: GIT_ENV, input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed (${result.status}): ${result.stderr.trim()}`);
  return result.stdout;
}
