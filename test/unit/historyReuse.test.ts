// The editor's one history per repository (refreshHistory) brought up to date by callers at the
// same time, as a tree refresh and a batch's history companion do.
import * as assert from 'node:assert/strict';
import { Git, loadHistory, refreshHistory } from '../../src/engine';
import { cleanupTempDirs } from '../helpers/gitRepo';
import { A, E, deploy, seedRepo } from '../helpers/historyFixtures';

describe('reused history', () => {
  after(() => cleanupTempDirs());

  it('adds the events of new commits once when several callers bring it up to date at the same time', async () => {
    const repo = seedRepo();
    await deploy(repo, '2026-02-01T10:00:00Z', [[E, 'production', 'v1.0.0']]);
    const git = new Git(repo.dir);
    const first = await loadHistory(git);
    assert.equal(first.size, 1);
    // The ref moves on; then three callers at once.
    await deploy(repo, '2026-02-02T10:00:00Z', [[E, 'production', 'v1.1.0'], [A, 'production', 'v1.0.0']]);
    const all = await Promise.all([refreshHistory(git, first), refreshHistory(git, first), refreshHistory(git, first)]);
    for (const h of all) assert.equal(h, first, 'the same history, updated in place');
    assert.equal(first.size, 3, 'each new event once');
    assert.deepEqual(first.timeline(E, 'production').map((e) => e.toVersion), ['v1.0.0', 'v1.1.0']);
  });
});
