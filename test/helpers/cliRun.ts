import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { TestRepo } from './gitRepo';

/** The built CLI, run as a child process the way a terminal or a CI job runs it. */
export const CLI = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

/** In a describe block: fails its tests at once, saying what to do, when the CLI has not been built. */
export function requireBuiltCli(): void {
  before(function () {
    if (!existsSync(CLI)) throw new Error(`Build first: ${CLI} is missing (npm run build).`);
  });
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs edgit-deploy in a clone at `at` (its GIT_COMMITTER_DATE; null: now), without a terminal. */
export function runCli(repo: TestRepo, at: string | null, args: readonly string[], env: Record<string, string> = {}): CliRun {
  const saved = repo.clock;
  repo.clock = at;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: repo.dir, env: { ...repo.env(), CI: 'true', TZ: 'UTC', ...env }, encoding: 'utf8', input: '' });
  repo.clock = saved;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function succeeded(r: CliRun): CliRun {
  assert.equal(r.code, 0, r.stderr + r.stdout);
  return r;
}

export function refused(r: CliRun, pattern: RegExp): CliRun {
  assert.equal(r.code, 1, r.stderr + r.stdout);
  assert.match(r.stderr, pattern);
  return r;
}

/**
 * A moment as the CLI writes it for people (src/engine/humanTime.ts), as a regular expression's
 * source: `Tue 24 Nov 14:52 UTC`, the year when not this year, seconds when not zero, the zone.
 */
export const HUMAN_TIME = String.raw`(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)(?: \d{4})? \d{2}:\d{2}(?::\d{2})? UTC(?:[+-]\d{1,2}(?::\d{2})?)?`;

/** The moment `hh:mm` of any day, as the CLI writes it for people (a regular expression's source). */
export function humanTimeAt(hhmm: string): string {
  return HUMAN_TIME.replace(String.raw`\d{2}:\d{2}`, hhmm);
}
