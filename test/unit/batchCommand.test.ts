import * as assert from 'node:assert/strict';
import { HISTORY_REF } from '../../src/engine';
import { runCli, succeeded, requireBuiltCli } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';
import { seedRepo } from '../helpers/historyFixtures';

function batch(repo: TestRepo, at: string, ...pairs: string[]): void {
  succeeded(runCli(repo, at, ['batch', 'production', ...pairs, '--yes']));
}

const lastAction = (repo: TestRepo) => /"action":"([a-z]+)"/.exec(repo.git('log', '-1', '--format=%B', HISTORY_REF))?.[1];

describe('edgit-deploy batch records what the batch is', () => {
  requireBuiltCli();
  after(cleanupTempDirs);

  it('a release of several components is a deployment (set); going back on every one is a rollback', () => {
    const repo = seedRepo();
    batch(repo, '2026-02-01T09:00:00Z', 'prompts/extraction=v1.0.0', 'prompts/analysis=v1.0.0');
    assert.equal(lastAction(repo), 'set', 'creating the environments');
    batch(repo, '2026-02-02T09:00:00Z', 'prompts/extraction=v2.0.0', 'prompts/analysis=v1.1.0');
    assert.equal(lastAction(repo), 'set', 'forward on both');
    batch(repo, '2026-02-03T09:00:00Z', 'prompts/extraction=v1.1.0', 'prompts/analysis=v2.0.0');
    assert.equal(lastAction(repo), 'set', 'one back, one forward');
    batch(repo, '2026-02-04T09:00:00Z', 'prompts/extraction=v1.0.0', 'prompts/analysis=v1.1.0');
    assert.equal(lastAction(repo), 'rollback', 'back on both');
  });
});
