import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  ComponentFiles,
  EdgitError,
  Git,
  executeBatch,
  checkMove,
  createVersion,
  inverseMoves,
  loadSnapshot,
  planEnvironmentMove,
  planRollback,
  prepareBatch,
} from '../../src/engine';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';

const A = 'components/prompts/analysis';
const E = 'components/prompts/extraction';

/** Two components, three versions each, production at the highest. */
function deployedRepo(): TestRepo {
  const repo = TestRepo.init();
  for (const [i, v] of ['v1.0.0', 'v1.1.0', 'v2.0.0'].entries()) {
    repo.clock = `2026-02-0${i + 1}T10:00:00Z`;
    repo.commitFile('components/prompts/extraction.md', `extraction ${v}`);
    repo.tagVersion(E, v);
    repo.commitFile('components/prompts/analysis.md', `analysis ${v}`);
    repo.tagVersion(A, v);
  }
  repo.setEnvLikeCli(E, 'production', 'v2.0.0');
  repo.setEnvLikeCli(A, 'production', 'v2.0.0');
  return repo;
}

describe('moving tags', () => {
  after(cleanupTempDirs);

  it('sets an environment with an annotated tag pointing at the version tag object, as the CLI does', async () => {
    const repo = deployedRepo();
    const git = new Git(repo.dir);
    const snap = await loadSnapshot(git);
    const move = planEnvironmentMove(snap, 'prompts/extraction', 'production', 'v1.1.0');
    const batch = await prepareBatch(git, [move], { action: 'rollback', reason: 'INC-42' });
    assert.equal(repo.peeled(`${E}/production`), snap.find('prompts/extraction').versions[0].commit, 'nothing moves before apply');
    await executeBatch(git, batch);
    assert.equal(repo.git('cat-file', '-t', `refs/tags/${E}/production`), 'tag');
    assert.equal(repo.git('rev-parse', `refs/tags/${E}/production^{}`), repo.git('rev-parse', `${E}/v1.1.0^{commit}`));
    // The env tag object names the version tag object (nested), so the CLI and Conductor read it as v1.1.0.
    assert.match(repo.git('cat-file', '-p', `refs/tags/${E}/production`), new RegExp(`^object ${repo.refValue(`${E}/v1.1.0`)}\ntype tag\n`));
    assert.match(repo.git('cat-file', '-p', `refs/tags/${E}/production`), /Set extraction to production[\s\S]*Reason: INC-42/);
    const after = (await loadSnapshot(git)).find('prompts/extraction').environments[0];
    assert.equal(after.version, 'v1.1.0');
    assert.equal(after.targetsVersionTag, true);
  });

  it('applies a partial rollback all or nothing: a locked ref leaves every tag as it was', async () => {
    const repo = deployedRepo();
    const git = new Git(repo.dir);
    const snap = await loadSnapshot(git);
    const before = repo.allRefs();
    const moves = [
      planEnvironmentMove(snap, 'prompts/extraction', 'production', 'v1.1.0'),
      planEnvironmentMove(snap, 'prompts/analysis', 'production', 'v1.0.0'),
    ];
    const batch = await prepareBatch(git, moves, { action: 'rollback' });
    // Another process holds the lock on the second tag.
    repo.git('pack-refs', '--all');
    const lockDir = path.join(repo.dir, '.git', 'refs', 'tags', 'components', 'prompts', 'analysis');
    mkdirSync(lockDir, { recursive: true });
    writeFileSync(path.join(lockDir, 'production.lock'), '');
    await assert.rejects(executeBatch(git, batch), (e: unknown) => e instanceof EdgitError && e.code === 'conflict');
    assert.deepEqual(repo.allRefs(), before);
  });

  it('refuses when a tag moved between planning and applying, and undoes a batch exactly', async () => {
    const repo = deployedRepo();
    const git = new Git(repo.dir);
    const snap = await loadSnapshot(git);
    const batch = await prepareBatch(git, [planEnvironmentMove(snap, 'prompts/analysis', 'production', 'v1.0.0')], { action: 'rollback' });
    await executeBatch(git, batch);
    const undo = await prepareBatch(git, inverseMoves(batch), { action: 'undo' });
    await executeBatch(git, undo);
    const env = (await loadSnapshot(git)).find('prompts/analysis').environments[0];
    assert.equal(env.version, 'v2.0.0');
    assert.equal(env.targetsVersionTag, true);
    // Applying the original again now fails its compare-and-swap: production is no longer where it was planned.
    const before = repo.allRefs();
    await assert.rejects(executeBatch(git, batch), /changed while this was being prepared/);
    assert.deepEqual(repo.allRefs(), before);
  });

  it('undoing the creation of an environment deletes only that environment', async () => {
    const repo = deployedRepo();
    const git = new Git(repo.dir);
    const snap = await loadSnapshot(git);
    const batch = await prepareBatch(git, [planEnvironmentMove(snap, 'prompts/analysis', 'canary', 'v2.0.0')], { action: 'set' });
    await executeBatch(git, batch);
    assert.ok(repo.refValue(`${A}/canary`));
    await executeBatch(git, await prepareBatch(git, inverseMoves(batch), { action: 'undo' }));
    assert.equal(repo.refValue(`${A}/canary`), null);
    assert.ok(repo.refValue(`${A}/v2.0.0`));
  });

  it('never writes a version tag as an environment, nor creates an existing version', async () => {
    const repo = deployedRepo();
    const git = new Git(repo.dir);
    const snap = await loadSnapshot(git);
    assert.throws(() => planEnvironmentMove(snap, 'prompts/analysis', 'v1.0.0', 'v2.0.0'), /is a version/);
    // On a case-insensitive file system these would be the same ref files as existing tags.
    assert.throws(() => planEnvironmentMove(snap, 'prompts/analysis', 'V1.0.0', 'v2.0.0'), /looks like a version/);
    assert.throws(() => planEnvironmentMove(snap, 'prompts/analysis', 'Production', 'v2.0.0'), /already has "production", which differs from "Production" only in case/);
    const before = repo.refValue(`${A}/v1.0.0`);
    await assert.rejects(createVersion(git, snap, { component: 'prompts/analysis', version: 'v1.0.0' }), /already exists/);
    assert.equal(repo.refValue(`${A}/v1.0.0`), before);
    const bumped = await createVersion(git, snap, { component: 'prompts/analysis', bump: 'minor' });
    assert.equal(bumped.version, 'v2.1.0');
    assert.match(repo.git('cat-file', '-p', `refs/tags/${A}/v2.1.0`), /Release analysis v2.1.0/);
    const fresh = await createVersion(git, snap, { component: 'configs/limits', version: 'v0.1.0' });
    assert.equal(fresh.tag, 'components/configs/limits/v0.1.0');
  });

  it('plans a rollback with the last known good first and safety checks as data', async () => {
    const repo = deployedRepo();
    repo.commitFile('other.txt', 'no prompt here');
    repo.tagVersion(E, 'v2.1.0-rc.1');
    repo.git('rm', '-q', 'components/prompts/extraction.md');
    repo.git('commit', '-qm', 'remove');
    repo.tagVersion(E, 'v0.9.0');
    const git = new Git(repo.dir);
    const snap = await loadSnapshot(git);
    const plan = planRollback(snap, 'prompts/extraction', 'production');
    assert.equal(plan.suggested, 'v1.1.0');
    assert.equal(plan.candidates[0].version.version, 'v1.1.0');
    assert.equal(plan.candidates.find((c) => c.isCurrent)?.version.version, 'v2.0.0');
    const fromHistory = planRollback(snap, 'prompts/extraction', 'production', { previousVersion: 'v1.0.0' });
    assert.equal(fromHistory.suggested, 'v1.0.0');

    const files = new ComponentFiles(git);
    const ctx = { snapshot: snap, files, protectedEnvironments: ['production'] };
    const status = async (version: string) =>
      Object.fromEntries((await checkMove(ctx, planEnvironmentMove(snap, 'prompts/extraction', 'production', version))).map((c) => [c.id, c.status]));
    assert.deepEqual(await status('v1.1.0'), {
      'target-exists': 'pass',
      'contains-file': 'pass',
      'differs-from-current': 'pass',
      prerelease: 'pass',
      'protected-environment': 'confirm',
    });
    assert.equal((await status('v2.1.0-rc.1')).prerelease, 'fail');
    assert.equal((await status('v0.9.0'))['contains-file'], 'fail');
    assert.equal((await status('v2.0.0'))['differs-from-current'], 'fail');
  });
});
