import * as assert from 'node:assert/strict';
import { buildMoment, buildTimelineState, staleTag } from '../../src/extension/timeline/timelineState';
import { cleanupTempDirs } from '../helpers/gitRepo';
import { A, deploy, ms, read, team } from '../helpers/historyFixtures';

describe('the timeline says when a local tag is stale (a move this clone has not fetched)', () => {
  after(cleanupTempDirs);

  it('the history arrived with a teammate’s move, the tag did not: stale, with who moved it where; and a drift says the remote moved', async () => {
    const { ana, ben } = team();
    await deploy(ana, '2026-11-24T14:00:00Z', [[A, 'production', 'v2.0.0']], { remote: 'origin', reason: 'CHG-1852' });
    ben.git('fetch', '-q', 'origin', '+refs/tags/*:refs/tags/*', '+refs/edgit/history:refs/edgit/history');
    await deploy(ben, '2026-11-24T14:52:00Z', [[A, 'production', 'v1.1.0']], { remote: 'origin', action: 'rollback', reason: 'INC-311' });
    // Ana gets the history (as a push of hers would bring it), not the tag.
    ana.git('fetch', '-q', 'origin', '+refs/edgit/history:refs/edgit/history');
    const { snapshot, history } = await read(ana);
    const now = buildMoment(snapshot, history, Date.now(), ['production']);
    const cell = now.cells.find((c) => c.componentKey === A && c.environment === 'production')!;
    assert.deepEqual([cell.version, cell.now, cell.changedSince], ['v1.1.0', 'v2.0.0', true], 'at now the history and the local tag disagree');
    assert.deepEqual(cell.stale, { source: 'history', expected: 'v1.1.0', by: 'Ben <ben@example.com>', atMs: ms('2026-11-24T14:52:00Z') });
    // Before the rollback the tag held what the history says: not a difference, still a stale tag.
    const before = buildMoment(snapshot, history, ms('2026-11-24T14:47:00Z'), ['production']).cells.find((c) => c.componentKey === A)!;
    assert.deepEqual([before.version, before.changedSince, before.stale?.source], ['v2.0.0', false, 'history']);

    // Ben's clone is up to date: nothing stale, unless the remote's tag moved since (drift).
    const fresh = await read(ben);
    assert.equal(staleTag(fresh.history, fresh.snapshot, A, 'production'), null);
    const drift = new Map([[`${A}/production`, 'remote-moved' as const]]);
    assert.deepEqual(staleTag(fresh.history, fresh.snapshot, A, 'production', drift), { source: 'remote', expected: null, by: null, atMs: null });
    assert.equal(staleTag(fresh.history, fresh.snapshot, A, 'production', new Map([[`${A}/production`, 'local-ahead' as const]])), null, 'a move not pushed yet is not stale');

    const state = buildTimelineState({
      repository: { name: 'ana', root: ana.dir },
      snapshot,
      history,
      environmentOrder: ['production'],
      atMs: null,
      filter: { environment: null, componentKey: null },
      nowMs: Date.now(),
    });
    const row = state.rows.find((r) => r.componentKey === A && r.environment === 'production')!;
    assert.deepEqual(row.segments.map((s) => [s.version, s.tone]), [['v2.0.0', 1], ['v1.1.0', 0]], 'each version its colour, by rank in the component');
    assert.deepEqual(state.badVersions, []);
  });
});
