import * as assert from 'node:assert/strict';
import { fromWire, toWire } from '../../src/extension/timeline/momentWire';
import type { ToPage } from '../../src/extension/timeline/protocol';
import { buildMoment, buildTimelineState, firstMessageState } from '../../src/extension/timeline/timelineState';
import { cleanupTempDirs } from '../helpers/gitRepo';
import { A, E, deploy, ms, read, seedRepo } from '../helpers/historyFixtures';

/** What a message is after a trip through JSON (how VS Code carries webview messages). */
function overJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe('timeline messages on the wire (momentWire)', () => {
  after(cleanupTempDirs);

  it('the page gets back exactly the state, moment and rows the controller built, in a smaller message', async () => {
    const repo = seedRepo();
    await deploy(repo, '2026-01-05T10:00:00Z', [[E, 'production', 'v1.0.0'], [A, 'production', 'v1.0.0'], [A, 'staging', 'v2.0.0']]);
    await deploy(repo, '2026-01-06T10:00:00Z', [[A, 'production', 'v2.0.0']], { reason: 'INC-1 "quoted"' });
    repo.setEnvWithTagForce(E, 'staging', `${E}/v1.1.0`); // observed, unrecorded
    const { snapshot, history } = await read(repo);
    const state = buildTimelineState({
      repository: { name: 'r', root: repo.dir },
      snapshot,
      history,
      environmentOrder: ['production', 'staging'],
      atMs: ms('2026-01-05T12:00:00Z'),
      filter: { environment: null, componentKey: null },
      nowMs: Date.now(),
    });
    const first = firstMessageState(state).state;
    assert.ok(first.moment.cells.length >= 4 && first.rows.length >= 4, 'a state with cells and rows');
    const messages: ToPage[] = [
      { type: 'state', state: first },
      { type: 'moment', moment: buildMoment(snapshot, history, ms('2026-01-06T12:00:00Z'), ['production']) },
      { type: 'rows', rows: state.rows },
      { type: 'busy', busy: true, what: 'reading' },
    ];
    for (const m of messages) {
      const wire = overJson(toWire(m));
      assert.deepEqual(fromWire(wire), overJson(m), `${m.type}: the same after the trip`);
      if (m.type !== 'busy') assert.ok(JSON.stringify(wire).length < JSON.stringify(m).length, `${m.type}: smaller on the wire`);
    }
    const rows = fromWire(overJson(toWire({ type: 'state', state: first })));
    assert.ok(rows.type === 'state' && rows.state.rows.some((r) => r.segmentsPending === undefined), 'an absent optional field stays absent');
  });
});
