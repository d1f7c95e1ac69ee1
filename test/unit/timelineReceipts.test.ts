import * as assert from 'node:assert/strict';
import { checkReceipts, liveStateOf, loadReceipts } from '../../src/engine';
import { fromWire, toWire } from '../../src/extension/timeline/momentWire';
import { parseFromPage } from '../../src/extension/timeline/protocol';
import type { CellView, ToPage } from '../../src/extension/timeline/protocol';
import { buildMoment, buildTimelineState, firstMessageState } from '../../src/extension/timeline/timelineState';
import { requireBuiltCli, runCli, succeeded } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';
import { A, E, deploy, ms, read, seedRepo } from '../helpers/historyFixtures';

/**
 * Deploy receipts in the timeline's state (timelineState.ts): each track carries its receipts, and
 * each cell of the state at a moment what its environment served then (the last receipt at or
 * before it against where the tag pointed), which at now is the tree's live/pending. Receipts
 * written by the built CLI's report-live, as a deploy job writes them.
 */

const BOT = { GIT_COMMITTER_NAME: 'deploy-bot', GIT_COMMITTER_EMAIL: 'bot@ci.example' };
const RUN_1 = 'https://ci.example/runs/1';
const RUN_2 = 'https://ci.example/runs/2?attempt=1&x=(a)';

/**
 * extraction: production v1.0.0 at 14:00 (reported live 14:03, run 1), v1.1.0 at 14:50 (reported
 * 14:55, run 2, caches settle in 1 h), v2.0.0 at 15:10 (never reported); staging v1.0.0 at 14:00
 * (no deploy reports staging). analysis: production v1.0.0 at 14:00, never reported.
 */
async function story(): Promise<TestRepo> {
  const repo = seedRepo();
  await deploy(repo, '2026-11-24T14:00:00Z', [[E, 'production', 'v1.0.0'], [E, 'staging', 'v1.0.0'], [A, 'production', 'v1.0.0']]);
  succeeded(runCli(repo, '2026-11-24T14:03:00Z', ['report-live', 'production', 'prompts/extraction', '--run', RUN_1], BOT));
  await deploy(repo, '2026-11-24T14:50:00Z', [[E, 'production', 'v1.1.0']]);
  succeeded(runCli(repo, '2026-11-24T14:55:00Z', ['report-live', 'production', 'prompts/extraction=v1.1.0', '--run', RUN_2, '--settles-in', '1h', '--note', '<b>canary ok</b>'], BOT));
  await deploy(repo, '2026-11-24T15:10:00Z', [[E, 'production', 'v2.0.0']]);
  return repo;
}

describe('the timeline shows deploy receipts (timelineState)', function () {
  this.timeout(120_000);
  requireBuiltCli();
  after(cleanupTempDirs);

  it('puts each receipt on its track and says what each environment served at a moment: live, deploy pending, or nothing where no deploy reports', async () => {
    const repo = await story();
    const { git, snapshot, history } = await read(repo);
    const receipts = checkReceipts(await loadReceipts(git), snapshot);
    assert.equal(receipts.size, 2);
    const order = ['production', 'staging'];
    const state = buildTimelineState({ repository: { name: 'r', root: repo.dir }, snapshot, history, environmentOrder: order, atMs: null, filter: { environment: null, componentKey: null }, nowMs: Date.now(), receipts });
    assert.deepEqual(state.reportedEnvironments, ['production']);

    // The tracks: extraction in production carries both receipts, oldest first; the others none.
    const row = state.rows.find((r) => r.componentKey === E && r.environment === 'production')!;
    const v100 = repo.peeled(`${E}/v1.0.0`)!.slice(0, 10);
    const v110 = repo.peeled(`${E}/v1.1.0`)!.slice(0, 10);
    assert.deepEqual(row.receipts, [
      { atMs: ms('2026-11-24T14:03:00Z'), version: 'v1.0.0', commit: v100, by: 'deploy-bot <bot@ci.example>', run: RUN_1, note: null, settlesInMs: null },
      { atMs: ms('2026-11-24T14:55:00Z'), version: 'v1.1.0', commit: v110, by: 'deploy-bot <bot@ci.example>', run: RUN_2, note: '<b>canary ok</b>', settlesInMs: 3_600_000 },
    ]);
    assert.deepEqual(state.rows.filter((r) => r !== row).map((r) => r.receipts.length), [0, 0]);
    assert.deepEqual(firstMessageState(state).state.rows.find((r) => r.componentKey === E && r.environment === 'production')?.receipts, row.receipts, 'the first page carries them');

    const cellAt = (atMs: number, key: string, env: string): CellView => buildMoment(snapshot, history, atMs, order, undefined, receipts).cells.find((c) => c.componentKey === key && c.environment === env)!;
    // 14:02: production moved, no deploy had reported production yet: nothing.
    assert.equal(cellAt(ms('2026-11-24T14:02:00Z'), E, 'production').served, null);
    // 14:04: live v1.0.0 since 14:03; analysis in the same environment never reported: pending, nothing live yet.
    assert.deepEqual(cellAt(ms('2026-11-24T14:04:00Z'), E, 'production').served, {
      state: 'live',
      version: 'v1.0.0',
      commit: v100,
      sinceMs: ms('2026-11-24T14:03:00Z'),
      receipt: row.receipts[0],
      settlesAtMs: null,
    });
    assert.deepEqual(cellAt(ms('2026-11-24T14:04:00Z'), A, 'production').served, { state: 'pending', version: null, commit: null, sinceMs: ms('2026-11-24T14:00:00Z'), receipt: null, settlesAtMs: null });
    // 14:52: the tag moved to v1.1.0 at 14:50, v1.0.0 still served: pending since the move.
    assert.deepEqual(cellAt(ms('2026-11-24T14:52:00Z'), E, 'production').served, {
      state: 'pending',
      version: 'v1.0.0',
      commit: v100,
      sinceMs: ms('2026-11-24T14:50:00Z'),
      receipt: row.receipts[0],
      settlesAtMs: null,
    });
    // 14:55 exactly: live, caches settle an hour later.
    assert.deepEqual(cellAt(ms('2026-11-24T14:55:00Z'), E, 'production').served, {
      state: 'live',
      version: 'v1.1.0',
      commit: v110,
      sinceMs: ms('2026-11-24T14:55:00Z'),
      receipt: row.receipts[1],
      settlesAtMs: ms('2026-11-24T15:55:00Z'),
    });
    // Staging: no deploy reports it, ever: nothing at any moment.
    for (const at of ['2026-11-24T14:04:00Z', '2026-11-24T15:00:00Z']) assert.equal(cellAt(ms(at), E, 'staging').served, null);

    // Now: what the tree says (liveStateOf), for every environment.
    for (const c of state.moment.cells) {
      const env = snapshot.get(c.componentKey)!.environments.find((e) => e.name === c.environment)!;
      const live = liveStateOf(receipts, history, snapshot.get(c.componentKey)!, env);
      assert.deepEqual(
        c.served && { state: c.served.state, version: c.served.version, commit: c.served.commit, sinceMs: c.served.sinceMs, settlesAtMs: c.served.settlesAtMs },
        live ? { state: live.state, version: live.version, commit: live.commit?.slice(0, 10) ?? null, sinceMs: live.sinceMs, settlesAtMs: live.settlesAtMs } : null,
        `${c.componentId} ${c.environment} at now`,
      );
    }
    assert.equal(state.moment.cells.find((c) => c.componentKey === E && c.environment === 'production')?.served?.state, 'pending', 'v2.0.0 never reported');

    // On the wire: the served cells travel apart and come back the same.
    const messages: ToPage[] = [
      { type: 'state', state: firstMessageState(state).state },
      { type: 'moment', moment: buildMoment(snapshot, history, ms('2026-11-24T14:56:00Z'), order, undefined, receipts) },
    ];
    for (const m of messages) assert.deepEqual(fromWire(JSON.parse(JSON.stringify(toWire(m)))), JSON.parse(JSON.stringify(m)), m.type);

    // Without receipts (a repository where no deploy reports): no noise anywhere.
    const plain = buildTimelineState({ repository: { name: 'r', root: repo.dir }, snapshot, history, environmentOrder: order, atMs: ms('2026-11-24T14:56:00Z'), filter: { environment: null, componentKey: null }, nowMs: Date.now() });
    assert.deepEqual([plain.reportedEnvironments, plain.rows.flatMap((r) => r.receipts), plain.moment.cells.filter((c) => c.served)], [[], [], []]);
  });

  it('takes a run to open from the page only as an http(s) URL of printable ASCII (the host checks it again against its receipts)', () => {
    assert.deepEqual(parseFromPage({ type: 'openRun', url: RUN_2, extra: 1 }), { type: 'openRun', url: RUN_2 });
    for (const url of [undefined, 42, '', 'javascript:alert(1)', 'file:///etc/passwd', 'command:workbench.action.terminal.new', 'https://ci.example/a b', 'https://ci.example/\u00e9', `https://ci.example/${'x'.repeat(2048)}`, 'https://ci.example/\n']) {
      assert.equal(parseFromPage({ type: 'openRun', url }), undefined, JSON.stringify(url));
    }
  });
});
