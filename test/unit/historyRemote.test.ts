import * as assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  BatchCompanion,
  Git,
  HISTORY_REF,
  PushRefusedError,
  StateAt,
  eventsBetween,
  completeHistoryPush,
  environmentDrift,
  executeBatch,
  executeRecordedBatch,
  fetchEnvironmentTags,
  fetchHistory,
  historyCompanion,
  historyFetchRefspec,
  integrateRemoteHistory,
  loadHistory,
  loadSnapshot,
  observeOutsideMoves,
  planEnvironmentMove,
  prepareBatch,
  prepareHistoryPush,
  pushHistory,
  pushPendingMoves,
  stateAt,
} from '../../src/engine';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';
import { A, E, atTime, deploy, ms, read, team } from '../helpers/historyFixtures';

function at(state: StateAt, key: string, env: string) {
  const s = state.components.find((c) => c.key === key)?.environments.find((e) => e.name === env);
  return s ? { version: s.version, evidence: s.evidence } : undefined;
}

/** Every ref except the fetch caches of remote histories (refs/edgit/remotes/…), which a fetch may update. */
function refsWithoutFetchCache(repo: TestRepo): Map<string, string> {
  return new Map([...repo.allRefs()].filter(([ref]) => !ref.startsWith('refs/edgit/remotes/')));
}

function remoteEvents(remote: TestRepo): string[] {
  return remote
    .git('log', '--format=%B', HISTORY_REF)
    .split('\n')
    .filter((l) => l.startsWith('Edgit-Event: '))
    .map((l) => {
      const e = JSON.parse(l.slice('Edgit-Event: '.length));
      return `${e.id} ${e.environment} ${e.toVersion}`;
    })
    .sort();
}

describe('deployment history: shared through the remote', () => {
  after(cleanupTempDirs);

  it('pushes the history in the same atomic push as the tags it records', async () => {
    const { remote, ana } = team();
    const { historyCommit } = await deploy(ana, '2026-02-01T09:00:00Z', [[E, 'production', 'v1.0.0']], { remote: 'origin', reason: 'first' });
    assert.equal(remote.git('rev-parse', HISTORY_REF), historyCommit);
    assert.equal(ana.git('rev-parse', HISTORY_REF), historyCommit);
    assert.equal(remote.refValue(`${E}/production`), ana.refValue(`${E}/production`));
    assert.deepEqual(remoteEvents(remote), ['prompts/extraction production v1.0.0']);
  });

  it('keeps both events when two clones record at once (the refused history push is merged and retried)', async () => {
    const { remote, ana, ben } = team();
    const benGit = new Git(ben.dir);
    const real = historyCompanion();
    let anaPushed = false;
    // Ben prepares his batch (fetching the remote history as it is), then Ana records and pushes before Ben pushes.
    const racing: BatchCompanion = {
      async prepare(git, batch, remoteName) {
        const update = await real.prepare(git, batch, remoteName);
        await deploy(ana, '2026-02-01T09:00:05Z', [[E, 'production', 'v1.0.0']], { remote: 'origin', reason: 'ana' });
        anaPushed = true;
        return update;
      },
      retry: (...args) => real.retry!(...args),
    };
    await atTime('2026-02-01T09:00:00Z', async () => {
      const snapshot = await loadSnapshot(benGit);
      const batch = await prepareBatch(benGit, [planEnvironmentMove(snapshot, A, 'production', 'v2.0.0')], { action: 'set', reason: 'ben' });
      await executeBatch(benGit, batch, { remote: 'origin', companion: racing });
    });
    assert.ok(anaPushed);
    assert.ok(real.written.merged, 'Ben joined Ana’s history with a merge');
    assert.deepEqual(remoteEvents(remote), ['prompts/analysis production v2.0.0', 'prompts/extraction production v1.0.0']);
    const head = remote.git('rev-parse', HISTORY_REF);
    assert.equal(ben.git('rev-parse', HISTORY_REF), head);
    assert.equal(remote.git('rev-list', '--count', '--merges', HISTORY_REF), '1');
    assert.equal(remote.refValue(`${A}/production`), ben.refValue(`${A}/production`));
    assert.equal(remote.refValue(`${E}/production`), ana.refValue(`${E}/production`));

    // Each event keeps its own time and author.
    const history = await loadHistory(benGit);
    assert.deepEqual(
      eventsBetween(history, {}).map((e) => [e.componentId, e.at, e.by, e.reason]),
      [
        ['prompts/extraction', '2026-02-01T09:00:05.000Z', 'Ana <ana@example.com>', 'ana'],
        ['prompts/analysis', '2026-02-01T09:00:00.000Z', 'Ben <ben@example.com>', 'ben'],
      ],
    );
    // Ana fetches: her history fast-forwards to the merged one.
    assert.equal((await fetchHistory(new Git(ana.dir), 'origin')).status, 'fast-forward');
    assert.equal(ana.git('rev-parse', HISTORY_REF), head);
  });

  it('two clones recording truly concurrently both end up in the history', async () => {
    const { remote, ana, ben } = team();
    const run = async (repo: TestRepo, key: string, reason: string) => {
      const git = new Git(repo.dir);
      const snapshot = await loadSnapshot(git);
      const batch = await prepareBatch(git, [planEnvironmentMove(snapshot, key, 'staging', 'v1.1.0')], { action: 'set', reason });
      return executeRecordedBatch(git, batch, { remote: 'origin', snapshot });
    };
    await Promise.all([run(ana, E, 'ana'), run(ben, A, 'ben')]);
    assert.deepEqual(remoteEvents(remote), ['prompts/analysis staging v1.1.0', 'prompts/extraction staging v1.1.0']);
  });

  it('a push refused by the remote leaves neither tags nor history changed, here or there', async () => {
    const { remote, ana, ben } = team();
    await deploy(ana, '2026-02-01T09:00:00Z', [[E, 'production', 'v1.0.0']], { remote: 'origin' });
    await fetchEnvironmentTags(new Git(ben.dir), await loadSnapshot(new Git(ben.dir)), 'origin', [historyFetchRefspec('origin')]);
    await integrateRemoteHistory(new Git(ben.dir), 'origin');
    // Ana moves production again; Ben, not knowing, tries to move it too: his lease on the tag fails.
    await deploy(ana, '2026-02-02T09:00:00Z', [[E, 'production', 'v2.0.0']], { remote: 'origin' });
    const remoteBefore = remote.allRefs();
    const benBefore = refsWithoutFetchCache(ben);
    await assert.rejects(
      deploy(ben, '2026-02-02T10:00:00Z', [[E, 'production', 'v1.1.0'], [A, 'production', 'v1.1.0']], { remote: 'origin', action: 'rollback' }),
      (e: unknown) => e instanceof PushRefusedError && e.rejected.some((r) => r.ref === `refs/tags/${E}/production`),
    );
    assert.deepEqual(remote.allRefs(), remoteBefore);
    assert.deepEqual(refsWithoutFetchCache(ben), benBefore);
  });

  it('a remote that refuses the history ref itself refuses the whole push, without retrying forever', async () => {
    const { remote, ana } = team();
    const hook = path.join(remote.dir, 'hooks', 'update');
    writeFileSync(hook, '#!/bin/sh\ncase "$1" in refs/edgit/*) echo "no custom refs here" >&2; exit 1;; esac\nexit 0\n');
    chmodSync(hook, 0o755);
    const remoteBefore = remote.allRefs();
    const anaBefore = refsWithoutFetchCache(ana);
    await assert.rejects(deploy(ana, '2026-02-01T09:00:00Z', [[E, 'production', 'v1.0.0']], { remote: 'origin' }), PushRefusedError);
    assert.deepEqual(remote.allRefs(), remoteBefore);
    assert.deepEqual(refsWithoutFetchCache(ana), anaBefore);
  });

  it('fetch brings the history with the tags: fast-forward, or a merge when both sides recorded', async () => {
    const { remote, ana, ben } = team();
    await deploy(ana, '2026-02-01T09:00:00Z', [[E, 'production', 'v1.0.0']], { remote: 'origin' });
    const benGit = new Git(ben.dir);
    await fetchEnvironmentTags(benGit, await loadSnapshot(benGit), 'origin', [historyFetchRefspec('origin')]);
    assert.equal((await integrateRemoteHistory(benGit, 'origin')).status, 'fast-forward');
    assert.equal(ben.git('rev-parse', HISTORY_REF), remote.git('rev-parse', HISTORY_REF));
    assert.deepEqual(await atTime('2026-02-01T10:00:00Z', async () => {
      const r = await read(ben);
      return observeOutsideMoves(r.git, r.snapshot, r.history);
    }), [], 'tags and history arrived together: nothing looks like an outside move');

    // Ben records locally (not pushed) while Ana records and pushes.
    await deploy(ben, '2026-02-02T09:00:00Z', [[A, 'staging', 'v1.0.0']]);
    await deploy(ana, '2026-02-02T10:00:00Z', [[E, 'staging', 'v1.1.0']], { remote: 'origin' });
    const benLocal = ben.git('rev-parse', HISTORY_REF);
    const sync = await atTime('2026-02-02T11:00:00Z', async () => {
      await fetchEnvironmentTags(benGit, await loadSnapshot(benGit), 'origin', [historyFetchRefspec('origin')]);
      return integrateRemoteHistory(benGit, 'origin');
    });
    assert.equal(sync.status, 'merged');
    assert.equal(ben.gitStatus('merge-base', '--is-ancestor', benLocal, HISTORY_REF), 0);
    assert.equal(ben.gitStatus('merge-base', '--is-ancestor', remote.git('rev-parse', HISTORY_REF), HISTORY_REF), 0);
    const { snapshot, history } = await read(ben);
    const state = stateAt(history, snapshot, ms('2026-02-02T12:00:00Z'));
    assert.deepEqual(at(state, A, 'staging'), { version: 'v1.0.0', evidence: 'recorded' });
    assert.deepEqual(at(state, E, 'staging'), { version: 'v1.1.0', evidence: 'recorded' });
    // And pushing the history alone publishes Ben's event.
    assert.equal((await pushHistory(benGit, 'origin')).status, 'fast-forward');
    assert.equal((await pushHistory(benGit, 'origin')).status, 'up-to-date');
    assert.deepEqual(remoteEvents(remote), ['prompts/analysis staging v1.0.0', 'prompts/extraction production v1.0.0', 'prompts/extraction staging v1.1.0']);
  });

  it('pushing moves made locally earlier carries their history in the same atomic push', async () => {
    const { remote, ana, ben } = team();
    await deploy(ben, '2026-02-01T08:00:00Z', [[A, 'canary', 'v1.0.0']], { remote: 'origin' });
    await deploy(ana, '2026-02-01T09:00:00Z', [[E, 'production', 'v1.0.0']]); // local only
    assert.throws(() => remote.git('rev-parse', '--verify', `refs/tags/${E}/production`));
    const git = new Git(ana.dir);
    const drift = await environmentDrift(git, await loadSnapshot(git), 'origin');
    const history = await atTime('2026-02-01T10:00:00Z', () => prepareHistoryPush(git, 'origin'));
    assert.ok(history?.local, 'Ana’s history is joined with Ben’s before it is pushed');
    await pushPendingMoves(git, 'origin', drift, [history.remote]);
    await completeHistoryPush(git, history);
    assert.equal(remote.git('rev-parse', HISTORY_REF), ana.git('rev-parse', HISTORY_REF));
    assert.equal(remote.refValue(`${E}/production`), ana.refValue(`${E}/production`));
    assert.deepEqual(remoteEvents(remote), ['prompts/analysis canary v1.0.0', 'prompts/extraction production v1.0.0']);
    assert.equal(await prepareHistoryPush(git, 'origin'), undefined);
  });

  it('a teammate’s move seen (plain `git fetch --tags`) before their history arrived is shown once, as recorded', async () => {
    const { ana, ben } = team();
    await deploy(ana, '2026-02-01T09:00:00Z', [[E, 'production', 'v1.0.0']], { remote: 'origin', reason: 'ana' });
    ben.git('fetch', '-q', '--tags', '--force', 'origin');
    const observed = await atTime('2026-02-01T10:00:00Z', async () => {
      const r = await read(ben);
      return observeOutsideMoves(r.git, r.snapshot, r.history);
    });
    assert.deepEqual(observed.map((e) => [e.kind, e.toVersion, e.at]), [['observed', 'v1.0.0', '2026-02-01T09:00:00.000Z']]);
    await atTime('2026-02-01T11:00:00Z', () => fetchHistory(new Git(ben.dir), 'origin'));
    const { history } = await read(ben);
    assert.deepEqual(eventsBetween(history, {}).map((e) => [e.kind, e.by, e.reason]), [['recorded', 'Ana <ana@example.com>', 'ana']]);
    assert.equal(eventsBetween(history, { includeDuplicates: true }).length, 2, 'nothing was deleted');
  });

  it('a clone whose tag lags behind the merged history does not record the lag as an outside move', async () => {
    const { ana, ben } = team();
    const benGit = new Git(ben.dir);
    await deploy(ana, '2026-02-01T09:00:00Z', [[E, 'production', 'v1.0.0']], { remote: 'origin' });
    await fetchEnvironmentTags(benGit, await loadSnapshot(benGit), 'origin', [historyFetchRefspec('origin')]);
    await integrateRemoteHistory(benGit, 'origin');
    await deploy(ana, '2026-02-02T09:00:00Z', [[E, 'production', 'v2.0.0']], { remote: 'origin' });
    // Ben's batch joins Ana's newer history, but his extraction tag is still at v1.0.0.
    await deploy(ben, '2026-02-03T09:00:00Z', [[A, 'production', 'v1.1.0']], { remote: 'origin' });
    assert.equal(ben.peeled(`${E}/production`), ben.peeled(`${E}/v1.0.0`));
    const observed = await atTime('2026-02-04T09:00:00Z', async () => {
      const r = await read(ben);
      return observeOutsideMoves(r.git, r.snapshot, r.history);
    });
    assert.deepEqual(observed, []);
    const { snapshot, history } = await read(ben);
    assert.deepEqual(at(stateAt(history, snapshot, ms('2026-02-04T09:00:00Z')), E, 'production'), { version: 'v2.0.0', evidence: 'recorded' });
  });
});
