// The deployment timeline webview (src/extension/timeline): opened through `edgit.showTimeline`
// over a repository whose history was written at known moments (GIT_COMMITTER_DATE), the state
// its controller computes and posts, the page really rendering it in the browser, its CSP, the
// compare-with-now diff tabs, opening content at a moment, and recreate moving the right tags.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { markDraft } from '../../src/engine/history/badMarks';
import { recordMarks } from '../../src/engine/history/markRecording';
import * as vscode from 'vscode';
import type { CommandResult } from '../../src/extension/commands';
import type { MoveOutcome } from '../../src/extension/commands/moveFlow';
import { ShownTimeline, TimelineManager, TimelinePanel } from '../../src/extension/timeline';
import { ShownRow, TimedText, parseFromPage, parsePageState } from '../../src/extension/timeline/protocol';
import type { CompareOutcome, OpenedAt, RecreateOutcome } from '../../src/extension/timeline/timelineActions';
import { environmentNameProblem } from '../../src/extension/timeline/timelineActions';
import { cleanupTempDirs } from '../helpers/gitRepo';
import { deploy } from '../helpers/historyFixtures';
import { RenderedReport, viewOf, watchTimeline } from '../helpers/timelineWatch';
import { CommandsSetup, EXTRACTION, LIMITS, commandsSetup, expectDone } from './support/commandsSetup';
import { EXTENSION_ID, edgitApi, waitFor } from './support/edgitApi';

const T_CLI = '2025-03-05T09:00:00.000Z'; // the CLI-like env tags of the team repository (observed)
const T1 = '2025-03-10T10:00:00.000Z';
const T2 = '2025-03-11T14:47:00.000Z'; // Tuesday, 2:47 PM
const T3 = '2025-03-14T09:00:00.000Z';
const MOMENT = Date.parse('2025-03-11T14:50:00.000Z');
const BEFORE_ANYTHING = Date.parse('2025-03-01T00:00:00.000Z');
const HOSTILE_REASON = '<script>alert("x")</script> ship totals & "limits"';

/** A note as one string, each moment in ISO (as the CLI writes it). */
const noteText = (note: TimedText | null) => (note ?? []).map((p) => (typeof p === 'string' ? p : new Date(p.atMs).toISOString())).join('');
/**
 * How the page writes a moment (src/webview/timeline/time.ts): `Tue 11 Mar 2025, 14:47`, in the
 * browser's zone, which is this machine's (code-server and Chromium run here).
 */
const readable = (iso: string) => {
  const format = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const p = Object.fromEntries(format.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  const text = `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`;
  assert.match(text, /^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d$/);
  return text;
};
const ISO_IN_TEXT = /\d{4}-\d\d-\d\d[T ]\d\d:\d\d/;

const allTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
const isTimelineTab = (tab: vscode.Tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('edgit.timeline');
/** Closes every editor but the timeline panels (closeAllEditors would dispose them). */
const closeOtherTabs = async () => {
  await vscode.window.tabGroups.close(allTabs().filter((tab) => !isTimelineTab(tab)));
};

describe('Deployment timeline webview', function () {
  this.timeout(60_000);
  let t: CommandsSetup;
  let panel: TimelinePanel;
  const cell = (atMs: number | undefined, key: string, env: string) => {
    const moment = viewOf(panel).moment;
    assert.ok(moment, 'a moment was posted');
    if (atMs !== undefined) assert.strictEqual(moment.atMs, atMs);
    const found = moment.cells.find((c) => c.componentKey === key && c.environment === env);
    assert.ok(found, `no cell for ${key} ${env}`);
    return found;
  };
  const setMoment = async (atMs: number) => {
    await panel.receive({ type: 'setMoment', atMs });
    await panel.idle();
  };
  /**
   * A row as the page drew it (its `rendered` report), once it shows the moments `times` in its
   * tooltips and the text `text` (a report of an earlier moment may still be the last one).
   */
  const shownRow = (table: ShownRow['table'], key: string, env: string, times: readonly string[], text: string | RegExp) =>
    waitFor(
      `the page to draw the ${table} row ${key} ${env} with the times ${times.join(', ')} and the text ${String(text)}`,
      () =>
        viewOf(panel)
          .rendered?.shown.find(
            (r) => r.table === table && r.componentKey === key && r.environment === env && r.times.join() === times.join() && (typeof text === 'string' ? r.text === text : text.test(r.text)),
          ),
      20_000,
    ).catch((e) => {
      throw new Error(`${String(e)}; last report: ${JSON.stringify(viewOf(panel).rendered?.shown.filter((r) => r.componentKey === key && r.environment === env))}`);
    });

  before(async () => {
    await edgitApi();
    t = await commandsSetup({}, 'timeline');
    // A history at known moments (the first batch also records, as observed, the CLI's tags of T_CLI).
    await deploy(t.repo, T1, [[EXTRACTION, 'production', 'v1.0.0']], { action: 'rollback', reason: 'error rate up since v1.1.0' });
    await deploy(t.repo, T2, [[EXTRACTION, 'production', 'v1.1.0'], [LIMITS, 'production', 'v1.0.0']], { reason: HOSTILE_REASON });
    await deploy(t.repo, T3, [[EXTRACTION, 'production', 'v1.0.0']], { action: 'rollback', reason: 'wrong answers on Tuesday' });
    // Moved by hand afterwards: a lightweight tag, never recorded, so nothing tells since when.
    t.repo.setEnvWithTagForce(LIMITS, 'canary', `${LIMITS}/v1.1.0`);
    t.registry.repositories()[0].refresh();
  });

  after(async () => {
    panel?.dispose();
    t?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    cleanupTempDirs();
  });

  it('opens through edgit.showTimeline as a webview panel and posts the history once the page is ready', async () => {
    const repository = t.registry.repositories()[0];
    const started = performance.now();
    const result = await vscode.commands.executeCommand<CommandResult<ShownTimeline>>('edgit.showTimeline', { repository });
    const shown = expectDone(result);
    panel = shown.panel;
    watchTimeline(panel);
    assert.strictEqual(shown.root, t.repo.dir);
    const state = await waitFor('the state to be posted', () => viewOf(panel).state, 20_000);
    console.log(`timeline: state posted ${Math.round(performance.now() - started)} ms after the command (load ${viewOf(panel).timings?.loadMs.toFixed(1)} ms, build ${viewOf(panel).timings?.buildMs.toFixed(1)} ms)`);
    assert.ok(allTabs().some(isTimelineTab), 'a webview tab of type edgit.timeline');
    assert.strictEqual(panel.panel.title, `Edgit Timeline: ${repository.name}`);
    assert.strictEqual(panel.panel.options.retainContextWhenHidden, false);

    assert.deepStrictEqual(state.environments, ['production', 'staging', 'canary']);
    assert.deepStrictEqual(state.components.map((c) => c.id), ['configs/limits', 'prompts/extraction']);
    assert.deepStrictEqual(
      state.rows.map((r) => `${r.componentId}@${r.environment}`),
      ['configs/limits@production', 'configs/limits@canary', 'prompts/extraction@production', 'prompts/extraction@staging'],
    );
    const production = state.rows.find((r) => r.componentKey === EXTRACTION && r.environment === 'production')!;
    assert.deepStrictEqual(
      production.segments.map((s) => [s.version, s.evidence, s.fromMs === null ? null : new Date(s.fromMs).toISOString(), s.toMs === null ? null : new Date(s.toMs).toISOString()]),
      [
        ['v1.1.0', 'observed', T_CLI, T1],
        ['v1.0.0', 'recorded', T1, T2],
        ['v1.1.0', 'recorded', T2, T3],
        ['v1.0.0', 'recorded', T3, null],
      ],
    );
    assert.strictEqual(production.segments[1].why, 'error rate up since v1.1.0');
    const canary = state.rows.find((r) => r.environment === 'canary')!;
    assert.deepStrictEqual(canary.segments.map((s) => [s.version, s.evidence, s.fromMs]), [['v1.1.0', 'unknown', null]]);

    // events newest first: 3 observed (the CLI's tags), then the 4 recorded moves
    assert.strictEqual(state.eventsTotal, 7);
    const events = state.events.map((e) => [new Date(e.atMs).toISOString(), e.componentId, e.environment, `${e.from} → ${e.to}`, e.kind]);
    assert.deepStrictEqual(events.slice(0, 4), [
      [T3, 'prompts/extraction', 'production', 'v1.1.0 → v1.0.0', 'recorded'],
      [T2, 'configs/limits', 'production', 'v1.1.0 → v1.0.0', 'recorded'],
      [T2, 'prompts/extraction', 'production', 'v1.0.0 → v1.1.0', 'recorded'],
      [T1, 'prompts/extraction', 'production', 'v1.1.0 → v1.0.0', 'recorded'],
    ]);
    assert.deepStrictEqual(
      events.slice(4).map((e) => e.join(' ')).sort(),
      ['configs/limits production', 'prompts/extraction production', 'prompts/extraction staging'].map((x) => `${T_CLI} ${x} (none) → v1.1.0 observed`),
    );
    assert.ok(state.events.some((e) => e.reason === HOSTILE_REASON), 'untrusted text travels as data');
    assert.strictEqual(state.span.startMs, Date.parse(T_CLI));
    assert.ok(state.span.endMs >= Date.now() - 60_000);
  });

  it('is rendered by the page in the browser (rows, events, moment cells) with no CSP violation', async () => {
    const rendered = await waitFor(
      'the page to render the state',
      () => {
        const r = viewOf(panel).rendered;
        return r && r.rows === 4 && r.events === 7 && r.cells === 4 ? r : undefined;
      },
      20_000,
    );
    assert.deepStrictEqual([rendered.rows, rendered.events, rendered.cells], [4, 7, 4]);
    assert.deepStrictEqual(viewOf(panel).cspViolations, []);
    // The events' times: readable in the reader's zone, the exact ISO moment in the tooltip.
    const newest = await shownRow('event', EXTRACTION, 'production', [T3], readable(T3));
    assert.strictEqual(newest.text, readable(T3));
  });

  it('renders HTML with a strict CSP, a fresh nonce per render and no data inlined', async () => {
    const view = viewOf(panel);
    const csp = panel.panel.webview.cspSource;
    assert.ok(view.nonce.length >= 32);
    assert.ok(
      view.html.includes(`content="default-src 'none'; style-src ${csp}; script-src 'nonce-${view.nonce}'; img-src ${csp};"`),
      'the CSP meta tag',
    );
    const scripts = [...view.html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.strictEqual(scripts.length, 1);
    assert.match(scripts[0][1], new RegExp(`nonce="${view.nonce}" src="[^"]+/dist/webview/timeline\\.js"`));
    assert.strictEqual(scripts[0][2].trim(), '', 'no inline script');
    assert.match(view.html, /<link rel="stylesheet" href="[^"]+\/media\/timeline\.css">/);
    assert.doesNotMatch(view.html, /\sstyle=|\son[a-z]+=|unsafe-inline|unsafe-eval|https?:\/\/(?!.*vscode)/i);
    for (const data of ['extraction', 'limits', 'v1.1.0', 'alert', 'error rate', 'Ana', t.repo.dir, 'timeline-team']) {
      assert.ok(!view.html.includes(data), `the HTML contains "${data}"`);
    }
    const options = panel.panel.webview.options;
    assert.strictEqual(options.enableScripts, true);
    assert.strictEqual(options.enableCommandUris, false);
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri.path;
    assert.deepStrictEqual(options.localResourceRoots?.map((u) => u.path.slice(extensionPath.length)), ['/media', '/dist/webview']);

    const before = view.nonce;
    const readies = view.readies;
    panel.render();
    assert.notStrictEqual(viewOf(panel).nonce, before);
    assert.ok(viewOf(panel).html.includes(`'nonce-${viewOf(panel).nonce}'`));
    await waitFor('the re-rendered page to say ready again', () => viewOf(panel).readies > readies, 20_000);
    await panel.idle();
  });

  it('posts the state at a moment with its evidence, and says "unknown" honestly', async () => {
    await setMoment(MOMENT);
    const extraction = cell(MOMENT, EXTRACTION, 'production');
    assert.deepStrictEqual([extraction.version, extraction.evidence, extraction.present, extraction.sinceMs], ['v1.1.0', 'recorded', true, Date.parse(T2)]);
    assert.strictEqual(extraction.reason, HOSTILE_REASON);
    assert.deepStrictEqual([extraction.now, extraction.changedSince, extraction.canOpen], ['v1.0.0', true, true]);
    const staging = cell(MOMENT, EXTRACTION, 'staging');
    assert.deepStrictEqual([staging.version, staging.evidence, staging.sinceMs, staging.changedSince], ['v1.1.0', 'observed', Date.parse(T_CLI), false]);
    const limits = cell(MOMENT, LIMITS, 'production');
    assert.deepStrictEqual([limits.version, limits.evidence, limits.changedSince], ['v1.0.0', 'recorded', false]);
    const canary = cell(MOMENT, LIMITS, 'canary');
    assert.deepStrictEqual([canary.version, canary.evidence, canary.present, canary.canOpen, canary.changedSince], [null, 'unknown', null, false, false]);
    assert.match(noteText(canary.note), /lightweight tag/);
    const moment = viewOf(panel).moment!;
    assert.deepStrictEqual(moment.counts, { recorded: 2, observed: 1, 'unchanged-since': 0, unknown: 1 });
    assert.strictEqual(moment.changed, 1);

    // What the page wrote: one readable time, how long before the moment, the exact one in its tooltip.
    const expected = `since ${readable(T2)} (3 minutes before this moment) · by ${extraction.by} · why: ${HOSTILE_REASON}`;
    const drawn = await shownRow('cell', EXTRACTION, 'production', [T2], expected);
    assert.strictEqual(drawn.text, expected);
    assert.doesNotMatch(drawn.text, ISO_IN_TEXT);
    const sinceCli = new RegExp(`^since ${readable(T_CLI)} \\(6 days before this moment\\)`);
    const observed = await shownRow('cell', EXTRACTION, 'staging', [T_CLI], sinceCli);
    assert.match(observed.text, sinceCli);

    await setMoment(BEFORE_ANYTHING);
    assert.deepStrictEqual(viewOf(panel).moment!.counts, { recorded: 0, observed: 0, 'unchanged-since': 0, unknown: 4 });
    const first = cell(BEFORE_ANYTHING, EXTRACTION, 'production');
    assert.match(noteText(first.note), /first record is at 2025-03-05T09:00:00\.000Z/);
    assert.deepStrictEqual(first.note, ['the first record is at ', { atMs: Date.parse(T_CLI) }], 'the moment travels as data');
    const unknownDrawn = await shownRow('cell', EXTRACTION, 'production', [T_CLI], `the first record is at ${readable(T_CLI)}`);
    assert.strictEqual(unknownDrawn.text, `the first record is at ${readable(T_CLI)}`);
  });

  it('changes no ref while it reads, though a move made by hand is not in the history yet', async () => {
    const before = t.repo.allRefs();
    await panel.receive({ type: 'refresh' });
    await panel.idle();
    await setMoment(MOMENT);
    await setMoment(Date.now());
    // the hand-made canary move is shown (in memory), not written
    assert.ok(viewOf(panel).state?.rows.some((r) => r.componentKey === LIMITS && r.environment === 'canary'));
    assert.deepStrictEqual(t.repo.allRefs(), before);
  });

  it('filters the events by environment and component, refusing names it does not know', async () => {
    await panel.receive({ type: 'setFilter', filter: { environment: 'staging', componentKey: null } });
    await panel.idle();
    let state = viewOf(panel).state!;
    assert.deepStrictEqual(state.filter, { environment: 'staging', componentKey: null });
    assert.deepStrictEqual(state.events.map((e) => e.environment), ['staging']);
    await panel.receive({ type: 'setFilter', filter: { environment: null, componentKey: LIMITS } });
    await panel.idle();
    state = viewOf(panel).state!;
    assert.deepStrictEqual(state.events.map((e) => e.componentId), ['configs/limits', 'configs/limits']);
    const refused = viewOf(panel).refused.length;
    await panel.receive({ type: 'setFilter', filter: { environment: 'no-such-env', componentKey: null } });
    await panel.receive({ type: 'setFilter', filter: { environment: null, componentKey: 'components/prompts/../../x' } });
    await panel.idle();
    assert.strictEqual(viewOf(panel).refused.length, refused + 2);
    assert.deepStrictEqual(viewOf(panel).state!.filter, { environment: null, componentKey: LIMITS });
    await panel.receive({ type: 'setFilter', filter: { environment: null, componentKey: null } });
    await panel.idle();
    assert.strictEqual(viewOf(panel).state!.events.length, 7);
  });

  it('compares the whole state at the moment with now in the multi-file diff editor', async () => {
    await closeOtherTabs();
    await panel.receive({ type: 'compareWithNow', atMs: MOMENT });
    await panel.idle();
    const outcome = viewOf(panel).lastAction as CompareOutcome;
    assert.strictEqual(outcome.opened, 'changes', JSON.stringify(outcome));
    assert.deepStrictEqual(
      outcome.entries.map((e) => [e.componentId, e.environment, e.then, e.now]),
      [['prompts/extraction', 'production', 'v1.1.0', 'v1.0.0']],
    );
    assert.deepStrictEqual(outcome.skipped.map((s) => [s.componentId, s.environment]), [['configs/limits', 'canary']]);
    const left = vscode.Uri.parse(outcome.entries[0].left!);
    const right = vscode.Uri.parse(outcome.entries[0].right!);
    assert.strictEqual(left.scheme, 'edgit');
    assert.deepStrictEqual([JSON.parse(left.query).kind, JSON.parse(right.query).kind, JSON.parse(right.query).ref], ['commit', 'environment', 'production']);
    assert.match(JSON.parse(left.query).label, /^production at \d{4}-\d\d-\d\d \d\d:\d\d · v1\.1\.0$/);
    assert.strictEqual(JSON.parse(right.query).label, 'production: v1.1.0 then → v1.0.0 now');
    assert.strictEqual(new TextDecoder().decode(await vscode.workspace.fs.readFile(left)), '# Extraction v2\n');
    assert.strictEqual(new TextDecoder().decode(await vscode.workspace.fs.readFile(right)), '# Extraction v1\n');
    const tab = await waitFor('the multi-file diff tab', () => allTabs().find((x) => x.label.startsWith(outcome.title))).catch((e) => {
      throw new Error(`${String(e)}; tabs: ${JSON.stringify(allTabs().map((x) => [x.label, x.input?.constructor?.name]))}`);
    });
    assert.ok(tab.isActive);

    // nothing differs for a moment equal to now
    await panel.receive({ type: 'compareWithNow', atMs: Date.now() });
    await panel.idle();
    assert.strictEqual((viewOf(panel).lastAction as CompareOutcome).opened, 'nothing');
  });

  it('opens one component as it was at the moment, and refuses unknown components and environments', async () => {
    await closeOtherTabs();
    await panel.receive({ type: 'openAt', atMs: MOMENT, componentKey: EXTRACTION, environment: 'production' });
    await panel.idle();
    const opened = viewOf(panel).lastAction as OpenedAt;
    assert.match(opened.label, /^production at \d{4}-\d\d-\d\d \d\d:\d\d · v1\.1\.0$/);
    const editor = await waitFor('the document editor', () => vscode.window.activeTextEditor?.document.uri.scheme === 'edgit' && vscode.window.activeTextEditor);
    assert.strictEqual(editor.document.uri.toString(), opened.uri);
    assert.strictEqual(editor.document.getText(), '# Extraction v2\n');

    const refused = viewOf(panel).refused.length;
    await closeOtherTabs();
    await panel.receive({ type: 'openAt', atMs: MOMENT, componentKey: 'components/prompts/nope', environment: 'production' });
    await panel.receive({ type: 'openAt', atMs: MOMENT, componentKey: EXTRACTION, environment: 'no-such-env' });
    await panel.receive({ type: 'openAt', atMs: 'Tuesday', componentKey: EXTRACTION, environment: 'production' });
    await panel.receive(null);
    await panel.idle();
    assert.strictEqual(viewOf(panel).refused.length, refused + 4);
    assert.strictEqual(allTabs().filter((x) => x.input instanceof vscode.TabInputText).length, 0, 'nothing opened');
  });

  it('recreates the state of production at the moment in debug as one recorded, undoable batch', async () => {
    const refsBefore = t.repo.allRefs();
    const asked: string[] = [];
    // A source that is not an environment name is refused before anything is asked.
    panel.prompts = { targetEnvironment: async (d) => (asked.push(d), 'debug'), answers: { push: false } };
    await panel.receive({ type: 'recreate', atMs: MOMENT, sourceEnvironment: 'v1.0.0' });
    await panel.receive({ type: 'recreate', atMs: MOMENT, sourceEnvironment: 'nowhere' });
    await panel.idle();
    assert.strictEqual(asked.length, 0, 'nothing asked');
    // A target that is not a valid environment name fails with the engine's message, moving nothing.
    panel.prompts = { targetEnvironment: async () => 'v1.0.0', answers: { push: false } };
    await panel.receive({ type: 'recreate', atMs: MOMENT, sourceEnvironment: 'production' });
    await panel.idle();
    const invalid = viewOf(panel).lastAction as RecreateOutcome;
    assert.deepStrictEqual([invalid.status, invalid.status === 'failed' && invalid.code], ['failed', 'invalid-name']);
    assert.deepStrictEqual(t.repo.allRefs(), refsBefore);
    assert.strictEqual(environmentNameProblem('debug'), null);
    assert.match(environmentNameProblem('1.0.0') ?? '', /version without its "v"/);

    panel.prompts = { targetEnvironment: async (d) => (asked.push(d), d), answers: { push: false } };
    await panel.receive({ type: 'recreate', atMs: MOMENT, sourceEnvironment: 'production' });
    await panel.idle();
    assert.deepStrictEqual(asked, ['debug'], 'the target defaults to debug');
    const outcome = viewOf(panel).lastAction as RecreateOutcome;
    const done = expectDone(outcome);
    assert.strictEqual(done.action, 'recreate');
    assert.strictEqual(done.target, 'debug');
    assert.deepStrictEqual(done.moves, ['configs/limits · debug: (none) → v1.0.0', 'prompts/extraction · debug: (none) → v1.1.0']);
    assert.strictEqual(done.pushedTo, null);
    // the tags, read with git
    assert.strictEqual(t.repo.peeled(`${EXTRACTION}/debug`), t.repo.peeled(`${EXTRACTION}/v1.1.0`));
    assert.strictEqual(t.repo.peeled(`${LIMITS}/debug`), t.repo.peeled(`${LIMITS}/v1.0.0`));
    assert.strictEqual(t.repo.peeled(`${EXTRACTION}/production`), t.repo.peeled(`${EXTRACTION}/v1.0.0`), 'production untouched');
    assert.strictEqual(t.remote.refValue(`${EXTRACTION}/debug`), null, 'not pushed');
    const message = t.repo.git('log', '-1', '--format=%B', 'refs/edgit/history');
    assert.strictEqual(message.match(/Edgit-Event: .*"action":"recreate".*"environment":"debug"/g)?.length, 2);
    assert.match(message, /Reason: recreate production as of 2025-03-11T14:50:00\.000Z/);

    // the panel follows the repository: debug appears once it reloads
    panel.reveal();
    const state = await waitFor('debug in the timeline', () => viewOf(panel).state?.environments.includes('debug') && viewOf(panel).state, 20_000);
    assert.ok(state.rows.some((r) => r.componentKey === EXTRACTION && r.environment === 'debug' && r.segments.at(-1)?.action === 'recreate'));

    // undoable: the commands' Undo reverts the batch
    const undone = expectDone(await t.run<MoveOutcome>('edgit.undo', { repositoryRoot: t.repo.dir, confirm: true, push: false }));
    assert.strictEqual(undone.moves.length, 2);
    assert.strictEqual(t.repo.refValue(`${EXTRACTION}/debug`), null);
    assert.strictEqual(t.repo.refValue(`${LIMITS}/debug`), null);
  });

  it('refreshes when the repository changes', async () => {
    panel.reveal();
    await waitFor('the page to be ready', () => panel.panel.visible);
    t.repo.clock = '2025-04-01T08:00:00Z';
    t.repo.setEnvLikeCli(EXTRACTION, 'canary', 'v1.2.0-rc.1');
    t.repo.clock = null;
    t.registry.repositories()[0].refresh();
    const state = await waitFor('the new canary row', () => {
      const s = viewOf(panel).state;
      return s?.rows.some((r) => r.componentKey === EXTRACTION && r.environment === 'canary') && s;
    }, 20_000);
    const row = state.rows.find((r) => r.componentKey === EXTRACTION && r.environment === 'canary')!;
    assert.deepStrictEqual(row.segments.map((s) => [s.version, s.evidence, s.fromMs]), [['v1.2.0-rc.1', 'unchanged-since', Date.parse('2025-04-01T08:00:00Z')]]);

    // Unchanged since the tag's date: the row writes that date once (it used to repeat it in ISO).
    // First the page (booted again by reveal) draws now: its `ready` has then been handled.
    await shownRow('cell', EXTRACTION, 'canary', ['2025-04-01T08:00:00.000Z'], /^since .* \(\d+ (months|years) ago\) · /);
    await panel.idle();
    const moment = Date.parse('2025-04-06T08:00:00.000Z');
    await setMoment(moment);
    const since = cell(moment, EXTRACTION, 'canary');
    assert.deepStrictEqual([since.evidence, since.sinceMs], ['unchanged-since', Date.parse('2025-04-01T08:00:00Z')]);
    const expected = `since ${readable('2025-04-01T08:00:00Z')} (5 days before this moment) · by ${since.by} · dated by the tag itself, which has not moved since`;
    const drawn = await shownRow('cell', EXTRACTION, 'canary', ['2025-04-01T08:00:00.000Z'], expected);
    assert.strictEqual(drawn.text, expected);
    assert.doesNotMatch(drawn.text, ISO_IN_TEXT);
  });

  it('shows a bad mark on the cells at the marked version, with who, when and why', async () => {
    const git = t.registry.repositories()[0].git;
    const extraction = { key: EXTRACTION, id: 'prompts/extraction' };
    const v11 = { version: 'v1.1.0', commit: t.repo.peeled(`${EXTRACTION}/v1.1.0`) };
    await recordMarks(git, [markDraft(extraction, v11, 'mark-bad', 'totals off by one')]);
    t.registry.repositories()[0].refresh();
    await waitFor('the refreshed state', () => viewOf(panel).state?.historySize);
    await panel.idle();
    await setMoment(MOMENT);
    const marked = cell(MOMENT, EXTRACTION, 'production');
    assert.strictEqual(marked.version, 'v1.1.0');
    assert.deepStrictEqual([marked.bad?.reason, typeof marked.bad?.atMs, /@/.test(marked.bad?.by ?? '')], ['totals off by one', 'number', true]);
    assert.strictEqual(cell(MOMENT, LIMITS, 'production').bad, null, 'another version is not marked');
    await recordMarks(git, [markDraft(extraction, v11, 'unmark-bad', null)]);
    t.registry.repositories()[0].refresh();
    await waitFor('the mark cleared', async () => {
      await setMoment(MOMENT);
      return cell(MOMENT, EXTRACTION, 'production').bad === null;
    });
  });

  it('at scale: natural order, namespace groups, what matters first, typed filter and pages of 200', async () => {
    // 231 more components in the namespace `load` (c1…c230 and c1003), each in production.
    const head = t.repo.git('rev-parse', 'HEAD').trim();
    const names = [...Array.from({ length: 230 }, (_, i) => `c${i + 1}`), 'c1003'];
    for (const name of names) {
      const dir = path.join(t.repo.dir, '.git', 'refs', 'tags', 'components', 'load', name);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'v1.0.0'), `${head}\n`);
      fs.writeFileSync(path.join(dir, 'production'), `${head}\n`);
    }
    t.registry.repositories()[0].refresh();
    await panel.receive({ type: 'setFilter', filter: { environment: null, componentKey: null } });
    const state = await waitFor('the state with the load components', () => (viewOf(panel).state?.components.length ?? 0) > 200 ? viewOf(panel).state : undefined, 20_000);
    await panel.idle();

    // Host data: ids in natural order, namespaces consecutive (the drop-down's optgroups).
    const ids = state.components.map((c) => c.id);
    assert.deepStrictEqual(ids.slice(0, 4), ['configs/limits', 'load/c1', 'load/c2', 'load/c3']);
    assert.ok(ids.indexOf('load/c9') < ids.indexOf('load/c10') && ids.indexOf('load/c103') < ids.indexOf('load/c1003'), 'c9 < c10, c103 < c1003');
    assert.strictEqual(ids[ids.length - 1], 'prompts/extraction');
    assert.deepStrictEqual([...new Set(state.components.map((c) => c.namespace))], ['configs', 'load', 'prompts']);
    assert.deepStrictEqual(
      state.rows.filter((r) => r.componentId.startsWith('load/')).slice(8, 11).map((r) => r.componentId),
      ['load/c9', 'load/c10', 'load/c11'],
    );

    // At 3 minutes after T2: extraction differs from now (first), limits moved at T2 (second), then the rest by namespace.
    await setMoment(MOMENT);
    const moment = viewOf(panel).moment!;
    const around = moment.cells.filter((c) => c.movedAround).map((c) => `${c.componentId}@${c.environment}`);
    assert.deepStrictEqual(around, ['configs/limits@production', 'prompts/extraction@production']);
    const total = moment.cells.length;
    assert.ok(total > 230);
    const paged = await waitFor(
      'the first page of the state table at the moment',
      () => {
        const r = viewOf(panel).rendered;
        return r && r.cellsMatching === total && r.shown[0]?.componentKey === EXTRACTION ? r : undefined;
      },
      20_000,
    );
    assert.strictEqual(paged.cells, 200, 'only the first 200 cells are drawn');
    assert.strictEqual(paged.rows, 200, 'only the first 200 timelines are drawn');
    assert.strictEqual(paged.rowsMatching, state.rows.length);
    const cellsShown = paged.shown.filter((r) => r.table === 'cell').map((r) => `${r.componentKey.split('/').slice(-2).join('/')}@${r.environment}`);
    assert.deepStrictEqual(cellsShown.slice(0, 2), ['prompts/extraction@production', 'configs/limits@production']);
    // Then what is known and the same as now, and last what is not known then; each part by namespace, in natural order.
    const evidenceOf = (shown: string) => moment.cells.find((c) => `${c.componentId}@${c.environment}` === shown)?.evidence;
    const unknownFrom = cellsShown.findIndex((c) => evidenceOf(c) === 'unknown');
    assert.ok(unknownFrom >= 2, `cells not known then come after the known ones (${cellsShown.slice(0, 6).join(', ')})`);
    assert.ok(cellsShown.slice(unknownFrom).every((c) => evidenceOf(c) === 'unknown'), 'and nothing known comes after them');
    const firstLoad = cellsShown.indexOf('load/c1@production');
    assert.ok(firstLoad >= unknownFrom, 'the load components, not known then, are in the last part');
    assert.ok(cellsShown.slice(unknownFrom, firstLoad).every((c) => c.startsWith('configs/')), 'within it: the namespace configs, then load');
    assert.deepStrictEqual(cellsShown.slice(firstLoad, firstLoad + 11), Array.from({ length: 11 }, (_, i) => `load/c${i + 1}@production`));

    // Typing filters (component, environment, version, who); every word must match.
    const filtered = async (text: string, what: (r: RenderedReport) => boolean) => {
      await panel.findText(text);
      return waitFor(`the page filtered by "${text}"`, () => {
        const r = viewOf(panel).rendered;
        return r && what(r) ? r : undefined;
      }, 20_000);
    };
    const c10 = await filtered('c10 production', (r) => r.cellsMatching === 12);
    assert.deepStrictEqual(
      c10.shown.filter((r) => r.table === 'cell').map((r) => r.componentKey.split('/').pop()),
      ['c10', 'c100', 'c101', 'c102', 'c103', 'c104', 'c105', 'c106', 'c107', 'c108', 'c109', 'c1003'],
    );
    assert.strictEqual(c10.cells, 12);
    const byVersion = await filtered('V1.1.0', (r) => r.cellsMatching < 12);
    assert.ok(byVersion.shown.filter((r) => r.table === 'cell').every((r) => r.componentKey === EXTRACTION || r.componentKey === LIMITS), 'only cells at v1.1.0 then or now');
    assert.ok(byVersion.cellsMatching >= 1);
    const who = moment.cells.find((c) => c.by)?.by;
    assert.ok(who, 'a cell says who moved it');
    const byWho = await filtered(who, (r) => r.cellsMatching >= 1 && r.cellsMatching < 12);
    assert.ok(byWho.shown.every((r) => r.table === 'event' || r.componentKey === EXTRACTION || r.componentKey === LIMITS));
    const nothing = await filtered('no-such-thing-anywhere', (r) => r.cellsMatching === 0);
    assert.deepStrictEqual([nothing.cells, nothing.rows], [0, 0]);
    await filtered('', (r) => r.cellsMatching === total && r.cells === 200);

    // The first message carries the segments of the first 200 rows only; the page asks for the others it draws.
    const pendingAt = state.rows.flatMap((r, i) => (r.segmentsPending ? [i] : []));
    assert.ok(pendingAt.length > 0 && pendingAt[0] >= 200, `rows past the first 200 travel without segments (first at ${pendingAt[0]})`);
    // (Components that moved around the moment lead the timelines, so the page asked for theirs at once, and the
    // filter "c10 production" above drew c100…c1003: take a row neither drew.)
    const lifted = new Set(moment.cells.filter((c) => c.movedAround).map((c) => c.componentKey));
    const late = state.rows[pendingAt.filter((i) => !lifted.has(state.rows[i].componentKey) && !state.rows[i].componentId.includes('c10')).at(-1)!];
    assert.deepStrictEqual(late.segments, []);
    const postedRows = viewOf(panel).posted.filter((p) => p === 'rows').length;
    const refusedBefore = viewOf(panel).refused.length;
    await filtered(late.componentId.split('/').pop()!, (r) => r.rows >= 1);
    await waitFor('the page to ask for the late row and get it', () => viewOf(panel).posted.filter((p) => p === 'rows').length > postedRows, 20_000);
    assert.strictEqual(viewOf(panel).refused.length, refusedBefore, 'the page asked only for rows the controller knows');
    await panel.receive({ type: 'needRows', rows: [{ componentKey: 'components/load/nope', environment: 'production' }] });
    assert.match(viewOf(panel).refused.slice(refusedBefore).join('\n'), /unknown row/);
    await panel.findText('');
  });

  it('checks every message and kept page state before use', () => {
    assert.deepStrictEqual(parseFromPage({ type: 'setMoment', atMs: 12.7 }), { type: 'setMoment', atMs: 12 });
    for (const bad of [
      null,
      'ready',
      { type: 'setMoment', atMs: Infinity },
      { type: 'setMoment', atMs: 9e15 },
      { type: 'openAt', atMs: 1, componentKey: 'x'.repeat(301), environment: 'production' },
      { type: 'openAt', atMs: 1, componentKey: 42, environment: 'production' },
      { type: 'recreate', atMs: 1 },
      { type: 'setFilter', filter: { environment: 3 } },
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: '__proto__' },
      { type: 'rendered', rows: 1, events: 1, cells: 1, shown: 'all' },
      { type: 'rendered', rows: 1, events: 1, cells: 1, cellsMatching: -1 },
      { type: 'needRows', rows: [] },
      { type: 'needRows', rows: [{ componentKey: 'k' }] },
      { type: 'needRows', rows: Array.from({ length: 1001 }, () => ({ componentKey: 'k', environment: 'e' })) },
      { type: 'rendered', rows: 1, events: 1, cells: 1, shown: [{ table: 'cell', componentKey: 'k', environment: 'e', text: 'x', times: [42] }] },
      { type: 'rendered', rows: 1, events: 1, cells: 1, shown: Array.from({ length: 41 }, () => ({ table: 'event', componentKey: 'k', environment: 'e', text: '', times: [] })) },
    ]) {
      assert.strictEqual(parseFromPage(bad), undefined, JSON.stringify(bad));
    }
    const shown = [{ table: 'cell', componentKey: 'k', environment: 'e', text: 'since Tue 11 Mar 2025, 14:47', times: ['2025-03-11T14:47:00.000Z'] }];
    assert.deepStrictEqual(parseFromPage({ type: 'rendered', rows: 1, events: 0, cells: 1, shown, extra: 1 }), { type: 'rendered', rows: 1, events: 0, cells: 1, shown });
    assert.deepStrictEqual(parseFromPage({ type: 'rendered', rows: 1, events: 0, cells: 1 }), { type: 'rendered', rows: 1, events: 0, cells: 1 });
    assert.deepStrictEqual(parsePageState({ v: 1, root: '/r', atMs: null, filter: null }), { v: 1, root: '/r', atMs: null, filter: { environment: null, componentKey: null }, view: null });
    assert.deepStrictEqual(parsePageState({ v: 1, root: '/r', atMs: 5, filter: null, view: { startMs: 1, endMs: 9 } })?.view, { startMs: 1, endMs: 9 });
    assert.strictEqual(parsePageState({ v: 1, root: '/r', atMs: 5, filter: null, view: { startMs: 9, endMs: 1 } })?.view, null);
    assert.strictEqual(parsePageState({ v: 2, root: '/r' }), undefined);
    assert.strictEqual(parsePageState({ v: 1, root: 5 }), undefined);
  });

  it('contributes the command (with an icon), the Components view title entry and the webview activation event', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      activationEvents: string[];
      contributes: { commands: { command: string; title: string; category?: string; icon?: string }[]; menus: Record<string, { command: string; when?: string }[]> };
    };
    assert.ok(pkg.activationEvents.includes('onWebviewPanel:edgit.timeline'));
    const command = pkg.contributes.commands.find((c) => c.command === 'edgit.showTimeline');
    assert.deepStrictEqual([command?.category, command?.title, !!command?.icon], ['Edgit', 'Show Deployment Timeline', true]);
    assert.ok(pkg.contributes.menus['view/title'].some((m) => m.command === 'edgit.showTimeline' && m.when?.startsWith('view == edgit.components')));
  });

  it('revives a panel from its kept page state (what the serializer does after a reload), and says so when the repository is not open', async () => {
    const extensionUri = vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri;
    const manager = new TimelineManager({ services: t.registry, extensionUri, commands: t.ctx });
    try {
      // As VS Code restores a panel: with the options it had (scripts on), before the serializer runs.
      const open = (title: string) => vscode.window.createWebviewPanel('edgit.timeline', title, vscode.ViewColumn.Active, { enableScripts: true });
      await manager.revive(open('revived'), { v: 1, root: t.repo.dir, atMs: MOMENT, filter: { environment: 'production', componentKey: null } });
      const revived = manager.panelFor(t.repo.dir)!;
      watchTimeline(revived);
      assert.ok(revived);
      const state = await waitFor('the revived panel to post its state', () => viewOf(revived).state, 20_000);
      assert.strictEqual(state.repository.root, t.repo.dir);
      assert.deepStrictEqual(revived.panel.webview.options.localResourceRoots?.map((u) => u.path.split('/').slice(-2).join('/')), [`${extensionUri.path.split('/').pop()}/media`, 'dist/webview']);
      assert.ok(viewOf(revived).html.includes(`'nonce-${viewOf(revived).nonce}'`));

      revived.dispose();
      await manager.revive(open('gone'), { v: 1, root: '/no/such/repository', atMs: null, filter: null });
      const gone = manager.panelFor('/no/such/repository')!;
      watchTimeline(gone);
      await waitFor('the unavailable message', () => viewOf(gone).posted.includes('unavailable'), 20_000);
      assert.strictEqual(viewOf(gone).state, undefined);

      await manager.revive(open('garbage'), { v: 1, root: { toString: () => '/etc' } });
      assert.strictEqual(manager.panelFor('/etc'), undefined);
    } finally {
      manager.dispose();
    }
  });
});
