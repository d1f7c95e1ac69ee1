import * as assert from 'node:assert/strict';
import { parseFromPage } from '../../src/extension/timeline/protocol';

describe('messages from the timeline page (parseFromPage)', () => {
  it('takes a rendered report with its counts and the page’s own time, and refuses one whose figures are not counts or times', () => {
    const report = { type: 'rendered', rows: 3, events: 2, cells: 4, rowsMatching: 10, cellsMatching: 12, workMs: 41.5 };
    assert.deepEqual(parseFromPage(report), report);
    const withoutTime: Partial<typeof report> = { ...report };
    delete withoutTime.workMs;
    assert.deepEqual(parseFromPage(withoutTime), withoutTime, 'the time is optional');
    for (const workMs of [-1, Number.NaN, Infinity, '41']) assert.equal(parseFromPage({ ...report, workMs }), undefined, `workMs ${String(workMs)}`);
    assert.equal(parseFromPage({ ...report, rows: -2 }), undefined);
    assert.equal(parseFromPage({ ...report, cells: 1.5 }), undefined);
    assert.deepEqual(parseFromPage({ ...report, receiptMarks: 2 }), { ...report, receiptMarks: 2 }, 'the receipt markers drawn');
    assert.equal(parseFromPage({ ...report, receiptMarks: -1 }), undefined);
    assert.equal(parseFromPage({ type: 'no-such-message' }), undefined);
    assert.deepEqual(parseFromPage({ type: 'fetchTags', remote: 'evil' }), { type: 'fetchTags' }, 'Fetch takes nothing from the page');
  });
});
