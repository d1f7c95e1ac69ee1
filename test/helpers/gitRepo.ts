import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * Real git repositories in temporary folders, built with the git CLI the way people and the
 * Edgit CLI build them. Every call takes an optional clock so tag and commit dates are exact.
 */

const BASE_ENV = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_COMMITTER_NAME: 'Test Committer',
  GIT_COMMITTER_EMAIL: 'committer@example.com',
  LC_ALL: 'C',
};

const tempDirs: string[] = [];

export function tempDir(prefix = 'edgit-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Removes every temporary folder made so far (call from an `after` hook). */
export function cleanupTempDirs(): void {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** An ISO date or a Date becomes the `@unix +0000` form git reads exactly. */
export function gitDate(at: string | Date): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return `@${Math.floor(ms / 1000)} +0000`;
}

export interface Who {
  readonly name: string;
  readonly email: string;
}

export class TestRepo {
  /** The clock: dates of the next commits and tags (null: now). */
  clock: string | null = null;
  /** The identity of the next commits and tags. */
  who: Who = { name: 'Ana', email: 'ana@example.com' };

  constructor(readonly dir: string) {}

  static init(dir = tempDir(), options: { bare?: boolean } = {}): TestRepo {
    mkdirSync(dir, { recursive: true });
    const repo = new TestRepo(dir);
    repo.git('init', '-q', '-b', 'main', ...(options.bare ? ['--bare'] : []));
    if (!options.bare) {
      repo.git('config', 'user.name', 'Ana');
      repo.git('config', 'user.email', 'ana@example.com');
      repo.git('config', 'advice.nestedTag', 'false');
    }
    return repo;
  }

  static clone(remote: TestRepo, dir = tempDir(), who: Who = { name: 'Ben', email: 'ben@example.com' }): TestRepo {
    execFileSync('git', ['clone', '-q', remote.dir, dir], { env: { ...process.env, ...BASE_ENV } });
    const repo = new TestRepo(dir);
    repo.who = who;
    repo.git('config', 'user.name', who.name);
    repo.git('config', 'user.email', who.email);
    repo.git('config', 'advice.nestedTag', 'false');
    return repo;
  }

  env(): NodeJS.ProcessEnv {
    const dates = this.clock ? { GIT_AUTHOR_DATE: gitDate(this.clock), GIT_COMMITTER_DATE: gitDate(this.clock) } : {};
    return {
      ...process.env,
      ...BASE_ENV,
      GIT_AUTHOR_NAME: this.who.name,
      GIT_AUTHOR_EMAIL: this.who.email,
      GIT_COMMITTER_NAME: this.who.name,
      GIT_COMMITTER_EMAIL: this.who.email,
      ...dates,
    };
  }

  /** Runs git and returns trimmed stdout; throws with git's message on failure. */
  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: this.env(), encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim();
  }

  /** Runs git and returns its exit code (0 when it succeeded). */
  gitStatus(...args: string[]): number {
    try {
      execFileSync('git', args, { cwd: this.dir, env: this.env(), stdio: 'pipe' });
      return 0;
    } catch (e) {
      return (e as { status?: number }).status ?? 1;
    }
  }

  /** Writes a file and commits it; returns the commit id. */
  commitFile(file: string, content: string | Buffer, message = `update ${file}`): string {
    const full = path.join(this.dir, file);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
    this.git('add', '--', file);
    this.git('commit', '-q', '-m', message);
    return this.git('rev-parse', 'HEAD');
  }

  /** An annotated version tag as the Edgit CLI writes it: `Release {name} {version}`. */
  tagVersion(key: string, version: string, rev = 'HEAD'): void {
    const name = key.split('/').pop();
    this.git('tag', '-a', '-m', `Release ${name} ${version}`, `${key}/${version}`, rev);
  }

  /** A lightweight version tag (how people restore a deleted version by hand). */
  tagVersionLightweight(key: string, version: string, rev = 'HEAD'): void {
    this.git('tag', `${key}/${version}`, rev);
  }

  /**
   * Moves an environment the way `edgit tag set` does: delete the tag, then create an annotated
   * tag pointing at the version tag *object* (a nested tag).
   */
  setEnvLikeCli(key: string, env: string, version: string): void {
    const tag = `${key}/${env}`;
    if (this.gitStatus('rev-parse', '--verify', '--quiet', `refs/tags/${tag}`) === 0) this.git('tag', '-d', tag);
    const name = key.split('/').pop();
    this.git('tag', '-a', '-m', `Set ${name} to ${env}`, tag, `${key}/${version}`);
  }

  /** Moves an environment with a plain `git tag -f` (lightweight, straight to the commit). */
  setEnvWithTagForce(key: string, env: string, rev: string): void {
    this.git('tag', '-f', `${key}/${env}`, `${rev}^{commit}`);
  }

  /** Adds `remote` as `origin` and pushes `main` (tracking it) and every tag there. */
  publishTo(remote: TestRepo): void {
    this.git('remote', 'add', 'origin', remote.dir);
    this.git('push', '-q', '--set-upstream', 'origin', 'main');
    this.git('push', '-q', 'origin', '--tags');
  }

  /** The object a tag ref names, or null. */
  refValue(ref: string): string | null {
    try {
      return this.git('rev-parse', '--verify', '--quiet', ref.startsWith('refs/') ? ref : `refs/tags/${ref}`);
    } catch {
      return null;
    }
  }

  /** The commit a tag peels to, or null. */
  peeled(tag: string): string | null {
    try {
      return this.git('rev-parse', '--verify', '--quiet', `refs/tags/${tag}^{commit}`);
    } catch {
      return null;
    }
  }

  /** Every ref with its value, for "nothing changed" assertions. */
  allRefs(): Map<string, string> {
    const out = this.git('for-each-ref', '--format=%(refname) %(objectname)');
    return new Map(out.split('\n').filter(Boolean).map((l) => l.split(' ') as [string, string]));
  }
}

/** A repository with two versions of one component (each a commit of `file`) and production at the first. */
export function twoVersionRepo(key: string, file: string, versions: readonly [string, string] = ['v1.0.0', 'v2.0.0']): TestRepo {
  const repo = TestRepo.init();
  repo.commitFile(file, 'one');
  repo.tagVersion(key, versions[0]);
  repo.commitFile(file, 'two');
  repo.tagVersion(key, versions[1]);
  repo.setEnvLikeCli(key, 'production', versions[0]);
  return repo;
}
