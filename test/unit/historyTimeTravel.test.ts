import * as assert from 'node:assert/strict';
import {
  Git,
  HISTORY_REF,
  StateAt,
  componentStory,
  eventsBetween,
  executeRecordedBatch,
  inverseMoves,
  loadHistory,
  refreshHistory,
  planRecreate,
  planRollback,
  prepareBatch,
  planRollbackFromHistory,
  stateAt,
} from '../../src/engine';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';
import { A, E, atTime, deploy, ms, read, seedRepo } from '../helpers/historyFixtures';

const T1 = '2026-02-01T09:00:00Z';
const T2 = '2026-02-02T09:00:00Z';
const T3 = '2026-02-03T09:00:00Z';
const T4 = '2026-02-03T14:47:00Z'; // "On Tuesday at 2:47 PM…"
const T5 = '2026-02-05T09:00:00Z';

/** What `stateAt` says for one component and environment, in a comparable form. */
function at(state: StateAt, key: string, env: string) {
  const s = state.components.find((c) => c.key === key)?.environments.find((e) => e.name === env);
  return s ? { version: s.version, evidence: s.evidence } : undefined;
}

/**
 * Ana's repository: five batches, each at its own moment:
 * T1 both production → v1.0.0 · T2 extraction → v1.1.0 · T3 both → v2.0.0 ·
 * T4 partial rollback of both → v1.1.0 (reason INC-42) · T5 undo of T4 (both → v2.0.0).
 */
async function deployedSequence(): Promise<{ repo: TestRepo; heads: string[]; rollbackBatch: string }> {
  const repo = seedRepo();
  const heads: string[] = [];
  const head = () => heads.push(repo.git('rev-parse', HISTORY_REF));
  await deploy(repo, T1, [[E, 'production', 'v1.0.0'], [A, 'production', 'v1.0.0']]);
  head();
  await deploy(repo, T2, [[E, 'production', 'v1.1.0']], { reason: 'extract totals' });
  head();
  await deploy(repo, T3, [[E, 'production', 'v2.0.0'], [A, 'production', 'v2.0.0']]);
  head();
  const rollback = await deploy(repo, T4, [[E, 'production', 'v1.1.0'], [A, 'production', 'v1.1.0']], {
    action: 'rollback',
    reason: 'INC-42 wrong answers',
  });
  head();
  // Undo T4: the inverse of that batch, recorded as an undo.
  await atTime(T5, async () => {
    const { git, snapshot } = await read(repo);
    const moves = [E, A].map((key) => {
      const c = snapshot.get(key)!;
      const env = c.environments.find((e) => e.name === 'production')!;
      const v2 = c.versions.find((v) => v.version === 'v2.0.0')!;
      return {
        componentKey: key,
        componentId: c.id,
        componentName: c.name,
        environment: 'production',
        tag: `${key}/production`,
        fromObject: env.objectName,
        from: { version: env.version, commit: env.commit, target: env.target, targetType: 'tag' as const },
        to: { version: 'v2.0.0', commit: v2.commit, target: v2.objectName, targetType: 'tag' as const },
      };
    });
    await executeRecordedBatch(git, await prepareBatch(git, moves, { action: 'undo', reason: 'false alarm' }), { snapshot });
  });
  head();
  return { repo, heads, rollbackBatch: rollback.batchId };
}

describe('deployment history: time travel', () => {
  after(cleanupTempDirs);

  it('answers exactly what was live at moments between deploys and rollbacks', async () => {
    const { repo } = await deployedSequence();
    const { snapshot, history } = await read(repo);
    const q = (iso: string) => stateAt(history, snapshot, ms(iso));

    assert.deepEqual(at(q('2026-02-01T09:30:00Z'), E, 'production'), { version: 'v1.0.0', evidence: 'recorded' });
    assert.deepEqual(at(q('2026-02-02T08:59:59Z'), E, 'production'), { version: 'v1.0.0', evidence: 'recorded' });
    assert.deepEqual(at(q(T2), E, 'production'), { version: 'v1.1.0', evidence: 'recorded' }, 'a move counts from its own second');
    assert.deepEqual(at(q('2026-02-02T09:30:00Z'), A, 'production'), { version: 'v1.0.0', evidence: 'recorded' });
    assert.deepEqual(at(q('2026-02-03T12:00:00Z'), E, 'production'), { version: 'v2.0.0', evidence: 'recorded' });
    assert.deepEqual(at(q('2026-02-03T12:00:00Z'), A, 'production'), { version: 'v2.0.0', evidence: 'recorded' });

    const tuesday = q('2026-02-04T10:00:00Z');
    assert.deepEqual(at(tuesday, E, 'production'), { version: 'v1.1.0', evidence: 'recorded' });
    assert.deepEqual(at(tuesday, A, 'production'), { version: 'v1.1.0', evidence: 'recorded' });
    const detail = tuesday.components.find((c) => c.key === E)!.environments[0];
    assert.equal(detail.commit, repo.peeled(`${E}/v1.1.0`));
    assert.equal(detail.since, new Date(ms(T4)).toISOString());
    assert.equal(detail.by, 'Ana <ana@example.com>');
    assert.equal(detail.reason, 'INC-42 wrong answers');

    assert.deepEqual(at(q('2026-03-01T00:00:00Z'), E, 'production'), { version: 'v2.0.0', evidence: 'recorded' });
    assert.equal(q('2026-03-01T00:00:00Z').components.find((c) => c.key === E)!.environments[0].event?.action, 'undo');
  });

  it('answers unknown for a moment before any record, and names the first record', async () => {
    const { repo } = await deployedSequence();
    const { snapshot, history } = await read(repo);
    const state = stateAt(history, snapshot, ms('2026-01-15T00:00:00Z'));
    assert.deepEqual(at(state, E, 'production'), { version: null, evidence: 'unknown' });
    assert.deepEqual(at(state, A, 'production'), { version: null, evidence: 'unknown' });
    const e = state.components.find((c) => c.key === E)!.environments[0];
    assert.equal(e.present, null);
    assert.match(e.note ?? '', /first record is at 2026-02-01T09:00:00/);
    // The same sentence with its moment as data, for a page that writes it in its reader's zone.
    assert.deepEqual(e.noteParts, ['the first record is at ', { atMs: ms('2026-02-01T09:00:00Z') }]);
    // Even though the first recorded move says where it came "from": nothing tells what happened before it.
  });

  it('ties the moves of one partial rollback together and lists events between two moments, newest first', async () => {
    const { repo, rollbackBatch } = await deployedSequence();
    const { history } = await read(repo);
    const events = eventsBetween(history, { sinceMs: ms(T2), untilMs: ms(T4) });
    assert.deepEqual(
      events.map((e) => [e.at, e.componentId, e.fromVersion, e.toVersion, e.action]),
      [
        [new Date(ms(T4)).toISOString(), 'prompts/analysis', 'v2.0.0', 'v1.1.0', 'rollback'],
        [new Date(ms(T4)).toISOString(), 'prompts/extraction', 'v2.0.0', 'v1.1.0', 'rollback'],
        [new Date(ms(T3)).toISOString(), 'prompts/analysis', 'v1.0.0', 'v2.0.0', 'set'],
        [new Date(ms(T3)).toISOString(), 'prompts/extraction', 'v1.1.0', 'v2.0.0', 'set'],
        [new Date(ms(T2)).toISOString(), 'prompts/extraction', 'v1.0.0', 'v1.1.0', 'set'],
      ].sort((a, b) => (a[0] === b[0] ? 0 : a[0] < b[0] ? 1 : -1)),
    );
    const rollback = events.filter((e) => e.batch === rollbackBatch);
    assert.equal(rollback.length, 2);
    assert.ok(rollback.every((e) => e.kind === 'recorded' && e.reason === 'INC-42 wrong answers' && e.by === 'Ana <ana@example.com>'));
    assert.equal(rollback[0].historyCommit, rollback[1].historyCommit, 'one commit per batch');
    const first = eventsBetween(history, { componentKey: E, untilMs: ms(T1) });
    assert.deepEqual(first.map((e) => [e.fromVersion, e.fromCommit, e.toVersion]), [[null, null, 'v1.0.0']]);
  });

  it('tells the story of each environment of one component', async () => {
    const { repo } = await deployedSequence();
    const { snapshot, history } = await read(repo);
    const story = componentStory(history, snapshot, E);
    assert.equal(story.id, 'prompts/extraction');
    const production = story.environments.find((e) => e.name === 'production')!;
    const iso = (s: string) => new Date(ms(s)).toISOString();
    assert.deepEqual(
      production.segments.map((s) => [s.from, s.to, s.version, s.who, s.why, s.evidence]),
      [
        [iso(T1), iso(T2), 'v1.0.0', 'Ana <ana@example.com>', null, 'recorded'],
        [iso(T2), iso(T3), 'v1.1.0', 'Ana <ana@example.com>', 'extract totals', 'recorded'],
        [iso(T3), iso(T4), 'v2.0.0', 'Ana <ana@example.com>', null, 'recorded'],
        [iso(T4), iso(T5), 'v1.1.0', 'Ana <ana@example.com>', 'INC-42 wrong answers', 'recorded'],
        [iso(T5), null, 'v2.0.0', 'Ana <ana@example.com>', 'false alarm', 'recorded'],
      ],
    );
  });

  it('keeps the history in its own ref of empty-tree commits, append-only', async () => {
    const { repo, heads } = await deployedSequence();
    for (let i = 1; i < heads.length; i++) {
      assert.equal(repo.gitStatus('merge-base', '--is-ancestor', heads[i - 1], heads[i]), 0, `head ${i - 1} is kept in head ${i}`);
    }
    assert.equal(repo.git('status', '--porcelain'), '', 'nothing in the working tree');
    assert.equal(repo.git('for-each-ref', 'refs/tags/**/history'), '');
    const emptyTree = repo.git('hash-object', '-t', 'tree', '/dev/null');
    const trees = repo.git('log', '--format=%T', HISTORY_REF).split('\n');
    assert.equal(trees.length, 5, 'one commit per batch');
    assert.ok(trees.every((t) => t === emptyTree));
    // The event's time is git's: the committer date of the commit written for it.
    assert.equal(repo.git('log', '-1', '--format=%cI', HISTORY_REF), '2026-02-05T09:00:00Z'.replace('Z', '+00:00'));
    const message = repo.git('log', '-1', '--skip=1', '--format=%B', HISTORY_REF);
    assert.match(message, /^rollback 2 environment pointers \(production\)\n\nReason: INC-42 wrong answers\n\nEdgit-Event: \{/);
  });

  it('recreates the state of a past moment as one recorded, undoable batch', async () => {
    const { repo } = await deployedSequence();
    const { git, snapshot, history } = await read(repo);
    const plan = planRecreate(snapshot, history, ms('2026-02-04T10:00:00Z'), 'production');
    assert.deepEqual(
      plan.moves.map((m) => [m.componentId, m.from?.version, m.to?.version]),
      [
        ['prompts/analysis', 'v2.0.0', 'v1.1.0'],
        ['prompts/extraction', 'v2.0.0', 'v1.1.0'],
      ],
    );
    const batch = await atTime('2026-02-06T09:00:00Z', async () => {
      const b = await prepareBatch(git, plan.moves, { action: 'recreate', reason: 'reproduce INC-42' });
      await executeRecordedBatch(git, b, { snapshot });
      return b;
    });
    assert.equal(repo.peeled(`${E}/production`), repo.peeled(`${E}/v1.1.0`));
    assert.equal(repo.peeled(`${A}/production`), repo.peeled(`${A}/v1.1.0`));
    const after = await loadHistory(git);
    const recreated = eventsBetween(after, { sinceMs: ms('2026-02-06T09:00:00Z') });
    assert.deepEqual(recreated.map((e) => [e.action, e.batch, e.reason]), [
      ['recreate', batch.batchId, 'reproduce INC-42'],
      ['recreate', batch.batchId, 'reproduce INC-42'],
    ]);

    // Undo: the inverse of the batch, recorded too.
    await atTime('2026-02-06T10:00:00Z', async () => {
      const s = await read(repo);
      await executeRecordedBatch(git, await prepareBatch(git, inverseMoves(batch), { action: 'undo' }), { snapshot: s.snapshot });
    });
    assert.equal(repo.peeled(`${E}/production`), repo.peeled(`${E}/v2.0.0`));
    assert.equal(repo.peeled(`${A}/production`), repo.peeled(`${A}/v2.0.0`));
    const final = await read(repo);
    assert.deepEqual(at(stateAt(final.history, final.snapshot, ms('2026-02-06T09:30:00Z')), E, 'production'), { version: 'v1.1.0', evidence: 'recorded' });
    assert.deepEqual(at(stateAt(final.history, final.snapshot, ms('2026-02-06T10:00:00Z')), E, 'production'), { version: 'v2.0.0', evidence: 'recorded' });
  });

  it('recreates production as it was into another environment, skipping what is unknown or already there', async () => {
    const { repo } = await deployedSequence();
    const { snapshot, history } = await read(repo);
    const plan = planRecreate(snapshot, history, ms('2026-02-02T12:00:00Z'), 'debug', { sourceEnvironment: 'production' });
    assert.deepEqual(
      plan.moves.map((m) => [m.componentId, m.environment, m.from, m.to?.version]),
      [
        ['prompts/analysis', 'debug', null, 'v1.0.0'],
        ['prompts/extraction', 'debug', null, 'v1.1.0'],
      ],
    );
    const before = planRecreate(snapshot, history, ms('2026-01-20T00:00:00Z'), 'production');
    assert.equal(before.moves.length, 0);
    assert.deepEqual(before.skipped.map((s) => s.reason), ['unknown', 'unknown']);
    const now = planRecreate(snapshot, history, ms('2026-03-01T00:00:00Z'), 'production');
    assert.deepEqual(now.skipped.map((s) => s.reason), ['already-there', 'already-there']);
    assert.equal(now.moves.length, 0);
  });

  it('refreshHistory keeps one history: the same when the ref did not move, extended by only what was added, loaded anew when the ref does not descend', async () => {
    const repo = seedRepo();
    await deploy(repo, T1, [[E, 'production', 'v1.0.0']]);
    const git = new Git(repo.dir);
    const first = await refreshHistory(git, undefined);
    assert.equal(first.size, 1);
    assert.equal(await refreshHistory(git, first), first, 'same head: the same history');
    await deploy(repo, T2, [[E, 'production', 'v1.1.0']]);
    const logs: string[][] = [];
    const stop = Git.onCommand((e) => e.cwd === repo.dir && logs.push([...e.args]));
    const second = await refreshHistory(git, first);
    stop();
    assert.equal(second, first);
    assert.equal(second.size, 2);
    assert.ok(logs.some((args) => args[0] === 'rev-list' && args.includes('--not')), 'only the new commits were read');
    assert.deepEqual(eventsBetween(second, {}).map((e) => e.toVersion), ['v1.1.0', 'v1.0.0']);
    // Someone replaced the ref by an unrelated history: a full reload, not a mix.
    const tree = repo.git('hash-object', '-t', 'tree', '/dev/null');
    const other = repo.git('commit-tree', tree, '-m', 'unrelated');
    repo.git('update-ref', HISTORY_REF, other);
    const third = await refreshHistory(git, first);
    assert.notEqual(third, first);
    assert.equal(third.size, 0);
    assert.equal((await loadHistory(git)).size, 0);
  });

  it('suggests the version held before the current one as the rollback target', async () => {
    const repo = seedRepo();
    await deploy(repo, T1, [[E, 'production', 'v1.0.0']]);
    await deploy(repo, T2, [[E, 'production', 'v2.0.0']]); // v1.1.0 was never deployed
    let { git, snapshot, history } = await read(repo);
    const plan = await planRollbackFromHistory(git, snapshot, history, E, 'production');
    assert.equal(plan.suggested, 'v1.0.0', 'the history wins over "highest release below" (v1.1.0)');
    assert.equal(planRollback(snapshot, E, 'production').suggested, 'v1.1.0');

    // Positions rolled back from are never suggested again (nor is anything above the current one).
    await deploy(repo, T3, [[E, 'production', 'v1.1.0']], { action: 'rollback' });
    await deploy(repo, T4, [[E, 'production', 'v1.0.0']], { action: 'rollback' });
    ({ git, snapshot, history } = await read(repo));
    const after = await planRollbackFromHistory(git, snapshot, history, E, 'production');
    assert.ok(after.suggested !== 'v1.1.0' && after.suggested !== 'v2.0.0', `suggested ${String(after.suggested)}`);
  });
});
