import * as assert from 'node:assert/strict';
import type { ReceiptView, ServedView } from '../../src/extension/timeline/protocol';
import { axisTicks, tickStep } from '../../src/webview/timeline/axis';
import { personName, receiptLabel, servedParts, servedText } from '../../src/webview/timeline/receipts';
import { duration, momentText, parseMomentText } from '../../src/webview/timeline/time';

/** The timeline page's pure parts (src/webview/timeline/): its axis and its moment field. */
describe('the timeline page: axis ticks, the moment field and the words of deploy receipts', () => {
  const local = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => new Date(y, mo - 1, d, h, mi, s).getTime();

  it('ticks on round hours, the start of a day named by its day, as few as keep labels apart', () => {
    // Tuesday 24 Nov 2026, 11:47 – 17:47 over 540 px: every hour.
    const ticks = axisTicks(local(2026, 11, 24, 11, 47), local(2026, 11, 24, 17, 47), 540);
    assert.deepEqual(
      ticks.map((t) => t.label),
      ['12:00', '13:00', '14:00', '15:00', '16:00', '17:00'],
    );
    // Across midnight, the new day is a major tick named by its day.
    const night = axisTicks(local(2026, 11, 24, 20, 0), local(2026, 11, 25, 4, 0), 540);
    const midnight = night.find((t) => t.major);
    assert.equal(midnight?.label, 'Wed 25 Nov');
    assert.equal(midnight?.ms, local(2026, 11, 25));
    // Three weeks: days (or weeks), never clock times.
    const weeks = axisTicks(local(2026, 11, 12, 16), local(2026, 12, 5, 21), 540);
    assert.ok(weeks.length >= 3 && weeks.length <= 12, `${weeks.length} ticks`);
    assert.ok(weeks.every((t) => /^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}$/.test(t.label)), weeks.map((t) => t.label).join(', '));
    // Labels never closer than they are wide.
    for (const [span, width] of [[60_000 * 10, 300], [3_600_000 * 2, 800], [86_400_000 * 400, 600]] as const) {
      const step = tickStep(span, width);
      assert.ok((step.ms / span) * width >= 50, `${step.n} ${step.unit} for ${span} ms over ${width} px`);
    }
    assert.deepEqual(axisTicks(10, 10, 500), []);
  });

  it('writes the moment as 2026-11-24 14:47 (24-hour), reads it back, and refuses what is not a moment', () => {
    const ms = local(2026, 11, 24, 14, 47);
    assert.equal(momentText(ms), '2026-11-24 14:47');
    assert.equal(momentText(local(2026, 11, 24, 9, 5, 30)), '2026-11-24 09:05:30');
    assert.equal(parseMomentText('2026-11-24 14:47'), ms);
    assert.equal(parseMomentText(' 2026-11-24T14:47 '), ms);
    assert.equal(parseMomentText('2026-11-24 14:47:30'), ms + 30_000);
    assert.equal(parseMomentText('2026-11-24'), local(2026, 11, 24));
    for (const bad of ['', '14:47', '2026-11-24 2:47 PM', '2026-02-30 10:00', '2026-11-24 24:00', '2026-13-01', '24/11/2026 14:47', '2026-11-24 14:7']) {
      assert.ok(Number.isNaN(parseMomentText(bad)), `"${bad}" is not a moment`);
    }
    assert.equal(duration(52 * 60_000), '52 min');
    assert.equal(duration(3 * 3_600_000 + 5 * 60_000), '3 h 5 min');
    assert.equal(duration(50 * 3_600_000), '2 d 2 h');
  });

  it('words deploy receipts: the track label, and what was served at the moment (live, pending, reported), the run a part of its own', () => {
    const at = (h: number, mi: number) => local(2026, 11, 24, h, mi);
    const receipt: ReceiptView = { atMs: at(14, 55), version: 'v1.1.0', commit: 'abcdef1234', by: 'deploy-bot <bot@ci.example>', run: 'https://ci.example/runs/2', note: null, settlesInMs: 3_600_000 };
    assert.equal(personName(receipt.by), 'deploy-bot');
    assert.equal(personName('Ana Lopez <ana@example.com>'), 'Ana Lopez');
    assert.equal(personName('<only@mail>'), '<only@mail>');
    assert.equal(receiptLabel(receipt), 'reported live: v1.1.0 by deploy-bot');
    assert.equal(receiptLabel({ ...receipt, version: null }), 'reported live: abcdef1234 by deploy-bot');

    const live: ServedView = { state: 'live', version: 'v1.1.0', commit: 'abcdef1234', sinceMs: at(14, 55), receipt, settlesAtMs: at(15, 55) };
    // While caches may still serve the previous version, it says until when.
    const parts = servedParts(live, at(15, 0));
    assert.equal(servedText(parts), 'live v1.1.0 since 14:55 (run), caches settle 15:55');
    assert.deepEqual(parts.filter((p) => typeof p !== 'string'), [{ atMs: at(14, 55), text: '14:55' }, { run: 'https://ci.example/runs/2' }, { atMs: at(15, 55), text: '15:55' }]);
    assert.equal(servedText(servedParts(live, at(16, 0))), 'live v1.1.0 since 14:55 (run)');
    // Another day: the moment with its day.
    assert.equal(servedText(servedParts({ ...live, receipt: { ...receipt, run: null } }, local(2026, 11, 26, 9, 0))), 'live v1.1.0 since Tue 24 Nov 2026, 14:55');

    const pending: ServedView = { state: 'pending', version: 'v1.0.0', commit: '0123456789', sinceMs: at(14, 52), receipt: { ...receipt, version: 'v1.0.0' }, settlesAtMs: null };
    assert.equal(servedText(servedParts(pending, at(14, 53))), 'serving v1.0.0 (deploy pending since 14:52)');
    assert.equal(servedText(servedParts({ ...pending, version: null, commit: null, receipt: null }, at(14, 53))), 'deploy pending since 14:52 (nothing reported live yet)');
    assert.equal(servedText(servedParts({ ...pending, sinceMs: null }, at(14, 53))), 'serving v1.0.0 (deploy pending)');
    const reported: ServedView = { state: 'reported', version: 'v1.0.0', commit: '0123456789', sinceMs: at(14, 3), receipt, settlesAtMs: null };
    assert.equal(servedText(servedParts(reported, at(14, 53))), 'reported live: v1.0.0 at 14:03 (run)');
  });
});
