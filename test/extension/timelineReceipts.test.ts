// The deployment timeline with deploy receipts: a repository whose deploy job reported production
// live (edgit-deploy report-live, through the engine's own functions at known moments), the panel
// carrying the receipts on the tracks and what each environment served at a chosen moment, the page
// drawing them (markers, "live v1.1.0 since 14:55 (run)", "serving v1.0.0 (deploy pending since
// 14:50)"), and a run opened only through the extension after its checks.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Git, draftReceipts, loadSnapshot, parseReportedComponent, recordReceipts } from '../../src/engine';
import type { CommandResult } from '../../src/extension/commands';
import type { ShownTimeline, TimelinePanel } from '../../src/extension/timeline';
import type { ShownRow } from '../../src/extension/timeline/protocol';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';
import { atTime, deploy } from '../helpers/historyFixtures';
import { viewOf, watchTimeline } from '../helpers/timelineWatch';
import { CommandsSetup, EXTRACTION, LIMITS, commandsSetup, expectDone } from './support/commandsSetup';
import { edgitApi, waitFor } from './support/edgitApi';

const T1 = '2025-03-10T14:00:00.000Z';
const R1 = '2025-03-10T14:03:00.000Z';
const T2 = '2025-03-11T14:50:00.000Z';
const R2 = '2025-03-11T14:55:00.000Z';
const SETTLED = '2025-03-11T15:55:00.000Z';
const T3 = '2025-03-14T09:00:00.000Z';
const RUN_1 = 'https://ci.example/acme/runs/101';
const RUN_2 = 'https://ci.example/acme/runs/102?attempt=2';
const BOT = 'deploy-bot <bot@ci.example>';

/** `14:55`: a moment's clock time as the page writes it on the moment's own day (the browser runs on this machine, in its zone). */
const clock = (iso: string) => {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};
const regexp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What a deploy job's `edgit-deploy report-live ENV COMPONENT… --run URL` writes, as deploy-bot at `iso`. */
async function reportLive(repo: TestRepo, iso: string, environment: string, components: string[], options: { run?: string; settlesInMs?: number; note?: string } = {}): Promise<void> {
  const saved = { name: process.env.GIT_COMMITTER_NAME, email: process.env.GIT_COMMITTER_EMAIL };
  process.env.GIT_COMMITTER_NAME = 'deploy-bot';
  process.env.GIT_COMMITTER_EMAIL = 'bot@ci.example';
  try {
    await atTime(iso, async () => {
      const git = new Git(repo.dir);
      const drafts = await draftReceipts(git, await loadSnapshot(git), { environment, components: components.map(parseReportedComponent), ...options });
      await recordReceipts(git, environment, drafts);
    });
  } finally {
    for (const [name, value] of [['GIT_COMMITTER_NAME', saved.name], ['GIT_COMMITTER_EMAIL', saved.email]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe('Deployment timeline with deploy receipts', function () {
  this.timeout(60_000);
  let t: CommandsSetup;
  let panel: TimelinePanel;
  const setMoment = async (atMs: number) => {
    await panel.receive({ type: 'setMoment', atMs });
    await panel.idle();
  };
  const cell = (atMs: number, key: string, env: string) => {
    const moment = viewOf(panel).moment;
    assert.ok(moment && moment.atMs === atMs, 'the moment was posted');
    const found = moment.cells.find((c) => c.componentKey === key && c.environment === env);
    assert.ok(found, `no cell for ${key} ${env}`);
    return found;
  };
  /** A state-table row as the page drew it, once its details match `text`. */
  const shownCell = (key: string, env: string, text: RegExp): Promise<ShownRow> =>
    waitFor(`the page to draw ${key} ${env} as ${String(text)}`, () => viewOf(panel).rendered?.shown.find((r) => r.table === 'cell' && r.componentKey === key && r.environment === env && text.test(r.text)), 20_000).catch((e) => {
      throw new Error(`${String(e)}; last report: ${JSON.stringify(viewOf(panel).rendered?.shown.filter((r) => r.componentKey === key && r.environment === env))}`);
    });

  before(async () => {
    await edgitApi();
    t = await commandsSetup({}, 'timeline-receipts');
    // production of extraction: v1.0.0 at T1 (reported 3 min later), v1.1.0 at T2 (reported 5 min
    // later, caches settle in an hour), back to v1.0.0 at T3 (never reported). Nothing reports staging.
    await deploy(t.repo, T1, [[EXTRACTION, 'production', 'v1.0.0']], { action: 'rollback' });
    await reportLive(t.repo, R1, 'production', ['prompts/extraction'], { run: RUN_1 });
    await deploy(t.repo, T2, [[EXTRACTION, 'production', 'v1.1.0']]);
    await reportLive(t.repo, R2, 'production', ['prompts/extraction=v1.1.0'], { run: RUN_2, settlesInMs: 3_600_000, note: '<img src=x onerror=alert(1)>' });
    await deploy(t.repo, T3, [[EXTRACTION, 'production', 'v1.0.0']], { action: 'rollback' });
    t.registry.repositories()[0].refresh();
  });

  after(async () => {
    panel?.dispose();
    t?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    cleanupTempDirs();
  });

  it('carries each receipt on its track, and the page draws a marker for each', async () => {
    const repository = t.registry.repositories()[0];
    panel = expectDone(await vscode.commands.executeCommand<CommandResult<ShownTimeline>>('edgit.showTimeline', { repository })).panel;
    watchTimeline(panel);
    const state = await waitFor('the state to be posted', () => viewOf(panel).state, 20_000);
    assert.deepStrictEqual(state.reportedEnvironments, ['production']);
    const production = state.rows.find((r) => r.componentKey === EXTRACTION && r.environment === 'production')!;
    assert.deepStrictEqual(
      production.receipts.map((r) => [new Date(r.atMs).toISOString(), r.version, r.by, r.run, r.settlesInMs]),
      [
        [R1, 'v1.0.0', BOT, RUN_1, null],
        [R2, 'v1.1.0', BOT, RUN_2, 3_600_000],
      ],
    );
    assert.strictEqual(production.receipts[1].note, '<img src=x onerror=alert(1)>', 'untrusted text travels as data');
    assert.deepStrictEqual(state.rows.filter((r) => r !== production).map((r) => r.receipts.length), [0, 0], 'no receipt elsewhere');
    const rendered = await waitFor('the page to draw both receipt markers', () => (viewOf(panel).rendered?.receiptMarks === 2 ? viewOf(panel).rendered : undefined), 20_000);
    assert.strictEqual(rendered.receiptMarks, 2);
    assert.deepStrictEqual(viewOf(panel).cspViolations, []);
  });

  it('says what each environment served at a chosen moment: deploy pending after the move, live once reported, nothing where no deploy reports', async () => {
    // 14:52, two minutes after the tag moved to v1.1.0: v1.0.0 is still what production serves.
    const pendingAt = Date.parse('2025-03-11T14:52:00.000Z');
    await setMoment(pendingAt);
    const pending = cell(pendingAt, EXTRACTION, 'production');
    assert.deepStrictEqual([pending.version, pending.served?.state, pending.served?.version, pending.served?.sinceMs, pending.served?.receipt?.run], ['v1.1.0', 'pending', 'v1.0.0', Date.parse(T2), RUN_1]);
    const drawnPending = await shownCell(EXTRACTION, 'production', new RegExp(`^serving v1\\.0\\.0 \\(deploy pending since ${clock(T2)}\\) · since `));
    assert.strictEqual(drawnPending.times[0], T2, 'the exact moment in the tooltip');
    // A component of a reported environment that no deploy ever reported: pending, nothing live yet (as the tree says).
    const limits = cell(pendingAt, LIMITS, 'production');
    assert.deepStrictEqual([limits.served?.state, limits.served?.version], ['pending', null]);
    // Staging: no deploy reports it; nothing said.
    assert.strictEqual(cell(pendingAt, EXTRACTION, 'staging').served, null);
    const staging = await shownCell(EXTRACTION, 'staging', /^since /);
    assert.doesNotMatch(staging.text, /live|pending|serving/);

    // 14:56: v1.1.0 live since 14:55 (run), caches may serve v1.0.0 until 15:55.
    const liveAt = Date.parse('2025-03-11T14:56:00.000Z');
    await setMoment(liveAt);
    const live = cell(liveAt, EXTRACTION, 'production');
    assert.deepStrictEqual(
      [live.served?.state, live.served?.version, live.served?.sinceMs, live.served?.settlesAtMs, live.served?.receipt?.by],
      ['live', 'v1.1.0', Date.parse(R2), Date.parse(SETTLED), BOT],
    );
    const drawnLive = await shownCell(EXTRACTION, 'production', new RegExp(`^live v1\\.1\\.0 since ${regexp(clock(R2))} \\(run\\), caches settle ${regexp(clock(SETTLED))} · since `));
    assert.deepStrictEqual(drawnLive.times.slice(0, 2), [R2, SETTLED]);

    // Before any report: nothing, though the tag had moved.
    const before = Date.parse('2025-03-10T14:01:00.000Z');
    await setMoment(before);
    assert.strictEqual(cell(before, EXTRACTION, 'production').served, null);

    // Now: rolled back to v1.0.0 at T3 and never reported: pending, v1.1.0 the last reported live.
    const now = Date.now();
    await setMoment(now);
    const atNow = cell(now, EXTRACTION, 'production');
    assert.deepStrictEqual([atNow.version, atNow.served?.state, atNow.served?.version, atNow.served?.sinceMs], ['v1.0.0', 'pending', 'v1.1.0', Date.parse(T3)]);
  });

  it('opens a run only through the extension: an http(s) URL that a receipt names', async () => {
    const opened: string[] = [];
    panel.openExternal = async (uri) => (opened.push(uri.toString(true)), true);
    const refused = viewOf(panel).refused.length;
    await panel.receive({ type: 'openRun', url: RUN_2 });
    await panel.receive({ type: 'openRun', url: 'https://evil.example/phish' });
    await panel.receive({ type: 'openRun', url: 'javascript:alert(1)' });
    await panel.receive({ type: 'openRun', url: 'file:///etc/passwd' });
    await panel.idle();
    assert.deepStrictEqual(viewOf(panel).openedRuns, [RUN_2]);
    assert.deepStrictEqual(opened, [RUN_2]);
    assert.strictEqual(viewOf(panel).refused.length, refused + 3);
    assert.match(viewOf(panel).refused.slice(refused).join('\n'), /no receipt names/);
  });
});
