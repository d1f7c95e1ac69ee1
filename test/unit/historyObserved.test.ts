import * as assert from 'node:assert/strict';
import { Git, HISTORY_REF, StateAt, eventsBetween, loadHistory, observeOutsideMoves, stateAt } from '../../src/engine';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';
import { A, E, atTime, deploy, ms, read, seedRepo } from '../helpers/historyFixtures';

function at(state: StateAt, key: string, env: string) {
  const s = state.components.find((c) => c.key === key)?.environments.find((e) => e.name === env);
  return s ? { version: s.version, evidence: s.evidence } : undefined;
}

async function observe(repo: TestRepo, iso: string) {
  return atTime(iso, async () => {
    const { git, snapshot, history } = await read(repo);
    return observeOutsideMoves(git, snapshot, history);
  });
}

describe('deployment history: moves made by other tools', () => {
  after(cleanupTempDirs);

  it('records a move by the Edgit CLI as observed, dated by the tag, once', async () => {
    const repo = seedRepo();
    await deploy(repo, '2026-02-01T09:00:00Z', [[E, 'production', 'v1.0.0']]);
    repo.clock = '2026-02-02T15:00:00Z';
    repo.who = { name: 'Cli User', email: 'cli@example.com' };
    repo.setEnvLikeCli(E, 'production', 'v1.1.0');

    const events = await observe(repo, '2026-02-04T08:00:00Z');
    assert.equal(events.length, 1);
    const e = events[0];
    assert.deepEqual(
      [e.kind, e.componentId, e.environment, e.fromVersion, e.toVersion, e.at, e.by, e.dated, e.source],
      ['observed', 'prompts/extraction', 'production', 'v1.0.0', 'v1.1.0', '2026-02-02T15:00:00.000Z', 'Cli User <cli@example.com>', true, 'tag'],
    );
    assert.equal(e.recordedAtMs, ms('2026-02-04T08:00:00Z'), 'the history commit itself is dated when it was noticed');
    assert.deepEqual(await observe(repo, '2026-02-04T09:00:00Z'), [], 'nothing new the second time');

    const { snapshot, history } = await read(repo);
    assert.deepEqual(at(stateAt(history, snapshot, ms('2026-02-02T14:59:59Z')), E, 'production'), { version: 'v1.0.0', evidence: 'recorded' });
    assert.deepEqual(at(stateAt(history, snapshot, ms('2026-02-03T00:00:00Z')), E, 'production'), { version: 'v1.1.0', evidence: 'observed' });
  });

  it('a batch first records the outside move it starts from, then its own', async () => {
    const repo = seedRepo();
    await deploy(repo, '2026-02-01T09:00:00Z', [[E, 'production', 'v1.0.0']]);
    repo.clock = '2026-02-02T15:00:00Z';
    repo.setEnvLikeCli(E, 'production', 'v2.0.0');
    await deploy(repo, '2026-02-03T09:00:00Z', [[E, 'production', 'v1.1.0']], { action: 'rollback' });
    const { history } = await read(repo);
    assert.deepEqual(
      eventsBetween(history, {}).map((e) => [e.kind, e.fromVersion, e.toVersion, e.at]),
      [
        ['recorded', 'v2.0.0', 'v1.1.0', '2026-02-03T09:00:00.000Z'],
        ['observed', 'v1.0.0', 'v2.0.0', '2026-02-02T15:00:00.000Z'],
        ['recorded', null, 'v1.0.0', '2026-02-01T09:00:00.000Z'],
      ],
    );
    // Both commits (observed, then the batch) went in with the batch's one ref update.
    assert.equal(repo.git('rev-list', '--count', HISTORY_REF), '3');
  });

  it('an environment never recorded is unchanged-since its tag date, and once observed keeps that answer', async () => {
    const repo = seedRepo();
    repo.clock = '2026-02-10T12:00:00Z';
    repo.setEnvLikeCli(A, 'staging', 'v1.1.0');
    let { snapshot, history } = await read(repo);
    assert.equal(history.size, 0);
    assert.deepEqual(at(stateAt(history, snapshot, ms('2026-02-10T11:59:59Z')), A, 'staging'), { version: null, evidence: 'unknown' });
    assert.deepEqual(at(stateAt(history, snapshot, ms('2026-02-11T00:00:00Z')), A, 'staging'), { version: 'v1.1.0', evidence: 'unchanged-since' });

    await observe(repo, '2026-02-12T00:00:00Z');
    ({ snapshot, history } = await read(repo));
    assert.deepEqual(at(stateAt(history, snapshot, ms('2026-02-11T00:00:00Z')), A, 'staging'), { version: 'v1.1.0', evidence: 'observed' });
    assert.deepEqual(at(stateAt(history, snapshot, ms('2026-02-10T11:59:59Z')), A, 'staging'), { version: null, evidence: 'unknown' });
    // Moved later: the earlier position stays known.
    await deploy(repo, '2026-02-13T00:00:00Z', [[A, 'staging', 'v2.0.0']]);
    ({ snapshot, history } = await read(repo));
    assert.deepEqual(at(stateAt(history, snapshot, ms('2026-02-11T00:00:00Z')), A, 'staging'), { version: 'v1.1.0', evidence: 'observed' });
    assert.deepEqual(at(stateAt(history, snapshot, ms('2026-02-14T00:00:00Z')), A, 'staging'), { version: 'v2.0.0', evidence: 'recorded' });
  });

  it('a lightweight `git tag -f` without a reflog is undated: moments between the last record and its sighting are unknown', async () => {
    const repo = seedRepo();
    repo.clock = '2026-02-01T09:00:00Z';
    repo.setEnvLikeCli(E, 'production', 'v1.0.0'); // the CLI: git keeps no reflog for tags by default
    await observe(repo, '2026-02-01T12:00:00Z');
    repo.clock = '2026-02-02T15:00:00Z';
    repo.setEnvWithTagForce(E, 'production', `${E}/v2.0.0`);
    // Without a record of the move, git gives no date: the answer after the last record is not a guess.
    let { snapshot, history } = await read(repo);
    const before = stateAt(history, snapshot, ms('2026-02-03T00:00:00Z')).components.find((c) => c.key === E)!.environments[0];
    assert.equal(before.evidence, 'unknown');
    assert.deepEqual(before.candidates?.map((c) => c.version), ['v1.0.0', 'v2.0.0']);

    const events = await observe(repo, '2026-02-04T08:00:00Z');
    assert.deepEqual(events.map((e) => [e.fromVersion, e.toVersion, e.dated, e.at]), [['v1.0.0', 'v2.0.0', false, '2026-02-04T08:00:00.000Z']]);
    ({ snapshot, history } = await read(repo));
    const between = stateAt(history, snapshot, ms('2026-02-03T00:00:00Z')).components.find((c) => c.key === E)!.environments[0];
    assert.equal(between.evidence, 'unknown');
    assert.deepEqual(between.candidates?.map((c) => c.version), ['v1.0.0', 'v2.0.0']);
    // Seen at v1.0.0 when it was first observed (12:00): known until then, unknown after.
    assert.deepEqual(at(stateAt(history, snapshot, ms('2026-02-01T10:00:00Z')), E, 'production'), { version: 'v1.0.0', evidence: 'observed' });
    assert.deepEqual(at(stateAt(history, snapshot, ms('2026-02-01T12:00:00Z')), E, 'production'), { version: 'v1.0.0', evidence: 'observed' });
    assert.deepEqual(at(stateAt(history, snapshot, ms('2026-02-01T12:00:01Z')), E, 'production'), { version: null, evidence: 'unknown' });
    assert.deepEqual(at(stateAt(history, snapshot, ms('2026-02-04T08:00:00Z')), E, 'production'), { version: 'v2.0.0', evidence: 'observed' });
  });

  it('a `git tag -f` on a tag this project moved before is dated by the reflog git keeps for it', async () => {
    const repo = seedRepo();
    await deploy(repo, '2026-02-01T09:00:00Z', [[E, 'production', 'v1.0.0']]);
    repo.clock = '2026-02-02T15:00:00Z';
    repo.setEnvWithTagForce(E, 'production', `${E}/v2.0.0`);
    const events = await observe(repo, '2026-02-04T08:00:00Z');
    assert.deepEqual(events.map((e) => [e.source, e.toVersion, e.dated, e.at]), [['reflog', 'v2.0.0', true, '2026-02-02T15:00:00.000Z']]);
  });

  it('reads tag reflogs (core.logAllRefUpdates=always) to date moves, even intermediate ones', async () => {
    const repo = seedRepo();
    repo.git('config', 'core.logAllRefUpdates', 'always');
    await deploy(repo, '2026-02-01T09:00:00Z', [[E, 'production', 'v1.0.0']]);
    repo.clock = '2026-02-02T10:00:00Z';
    repo.setEnvWithTagForce(E, 'production', `${E}/v1.1.0`);
    repo.clock = '2026-02-02T18:00:00Z';
    repo.setEnvWithTagForce(E, 'production', `${E}/v2.0.0`);

    const events = await observe(repo, '2026-02-04T08:00:00Z');
    assert.deepEqual(
      events.map((e) => [e.source, e.fromVersion, e.toVersion, e.at, e.dated]),
      [
        ['reflog', 'v1.0.0', 'v1.1.0', '2026-02-02T10:00:00.000Z', true],
        ['reflog', 'v1.1.0', 'v2.0.0', '2026-02-02T18:00:00.000Z', true],
      ],
      'our own recorded move (also in the reflog) is not observed again',
    );
    const { snapshot, history } = await read(repo);
    assert.deepEqual(at(stateAt(history, snapshot, ms('2026-02-02T12:00:00Z')), E, 'production'), { version: 'v1.1.0', evidence: 'observed' });
    assert.deepEqual(at(stateAt(history, snapshot, ms('2026-02-03T12:00:00Z')), E, 'production'), { version: 'v2.0.0', evidence: 'observed' });
    assert.deepEqual(await observe(repo, '2026-02-05T08:00:00Z'), []);
  });

  it('never rewrites: observing only appends, and a hand-made bad event line is skipped, not fatal', async () => {
    const repo = seedRepo();
    await deploy(repo, '2026-02-01T09:00:00Z', [[E, 'production', 'v1.0.0']]);
    const head = repo.git('rev-parse', HISTORY_REF);
    const tree = repo.git('hash-object', '-t', 'tree', '/dev/null');
    repo.clock = '2026-02-01T10:00:00Z';
    const bad = repo.git('commit-tree', tree, '-p', head, '-m', 'hand-made\n\nEdgit-Event: {not json\nEdgit-Event: {"component":"x"}');
    repo.git('update-ref', HISTORY_REF, bad, head);
    repo.clock = '2026-02-02T15:00:00Z';
    repo.setEnvLikeCli(E, 'production', 'v1.1.0');
    await observe(repo, '2026-02-03T00:00:00Z');
    assert.equal(repo.gitStatus('merge-base', '--is-ancestor', bad, HISTORY_REF), 0);
    const history = await loadHistory(new Git(repo.dir));
    assert.deepEqual(history.skipped, [{ where: `history commit ${bad.slice(0, 10)}`, what: '2 event line(s) unreadable' }]);
    assert.equal(history.size, 2);
  });
});
