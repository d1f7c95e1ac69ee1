// "The incident, readable": a repository whose deployment history tells an incident as a team
// makes it — a release of three components moved together 52 minutes ago, one of them rolled back
// 8 minutes ago with an incident reason, an older batch days before, and a canary moved with the
// Edgit CLI (no record) — read by the real tree, rollback pick and partial-rollback pick, and the
// confirmations and undo driven through the real commands (dialogs answered by stand-ins).
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { Git, loadHistory, loadSnapshot, planEnvironmentMove, verifyDeployments } from '../../src/engine';
import { CommandContext, CommandResult, createCommandContext, runCommand } from '../../src/extension/commands';
import { confirmMoves } from '../../src/extension/commands/confirmMoves';
import type { MoveOutcome } from '../../src/extension/commands/moveFlow';
import { movedTogether } from '../../src/extension/commands/partialRollback';
import { rollbackCandidates } from '../../src/extension/commands/rollback';
import { safetyChecks } from '../../src/extension/commands/safetyChecks';
import { componentItems } from '../../src/extension/quickpicks/componentsMultiPick';
import { CandidateList, toItems } from '../../src/extension/quickpicks/versionPick';
import { RepositoryRegistry } from '../../src/extension/repositoryRegistry';
import { DEFAULT_SETTINGS } from '../../src/extension/settings';
import { ComponentTreeProvider } from '../../src/extension/tree/componentTreeProvider';
import { TestRepo, cleanupTempDirs, tempDir } from '../helpers/gitRepo';
import { ANA, BEA, CARL, minutesAgo, moveWithEdgitCli, recordAs } from '../helpers/recordedMoves';
import { MemoryMemento, expectDone } from './support/commandsSetup';
import { withDialogs } from './support/dialogs';
import { waitFor } from './support/edgitApi';
import { TestHost } from './support/testHost';
import { row, rowsAt, tooltipText } from './support/treeRows';

const EXTRACTION = 'components/prompts/extraction';
const ANALYSIS = 'components/prompts/analysis';
const SUMMARY = 'components/prompts/summary';
const VALIDATION = 'components/configs/validation';

const RELEASE_REASON = 'CHG-1852 weekly release: extraction totals, analysis v2, validation v1.5';
const INCIDENT_REASON = 'INC-311 analysis answers in one word';

/**
 * How the editor says a moment of today (or yesterday, near midnight) in this machine's zone:
 * `14:52 today`. Written here from the Date, independently of the code under test.
 */
function spoken(iso: string): RegExp {
  const d = new Date(iso);
  const clock = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return new RegExp(`(${clock} today|yesterday ${clock})`);
}
const source = (re: RegExp) => re.source;

interface Incident {
  readonly repo: TestRepo;
  readonly remote: TestRepo;
  /** When the release went out (52 minutes ago), the rollback (8 minutes ago), Carl's CLI move (2 hours ago). */
  readonly release: string;
  readonly rollback: string;
  readonly cliMove: string;
}

/**
 * Versions dated 2025; then, relative to now: 3 days ago a first release of four components to
 * production (CHG-1790); 52 minutes ago extraction, analysis and validation together (CHG-1852);
 * 8 minutes ago Bea rolls analysis back to v1.9.0 (INC-311); 2 hours ago Carl puts extraction on
 * canary with the Edgit CLI (pushed, not recorded). Everything is pushed: no drift.
 */
async function incidentRepository(): Promise<Incident> {
  const parent = tempDir('edgit-incident-');
  const remote = TestRepo.init(path.join(parent, 'remote.git'), { bare: true });
  const repo = TestRepo.init(path.join(parent, 'team'));
  const version = (key: string, v: string, at: string) => {
    repo.clock = at;
    const name = key.split('/').pop()!;
    repo.commitFile(`${key}.md`, `# ${name} ${v}\n\nAnswer in full sentences${v >= 'v2' ? ', verdict first' : ''}.\n`, `${name} ${v}`);
    repo.tagVersion(key, v);
  };
  version(EXTRACTION, 'v1.0.0', '2025-01-10T09:00:00Z');
  version(ANALYSIS, 'v1.8.0', '2025-01-11T09:00:00Z');
  version(SUMMARY, 'v1.0.0', '2025-01-12T09:00:00Z');
  version(VALIDATION, 'v1.4.0', '2025-01-13T09:00:00Z');
  version(ANALYSIS, 'v1.9.0', '2025-02-11T09:00:00Z');
  version(EXTRACTION, 'v1.1.0', '2025-02-20T09:00:00Z');
  version(VALIDATION, 'v1.5.0', '2025-02-21T09:00:00Z');
  version(ANALYSIS, 'v2.0.0', '2025-03-01T09:00:00Z');
  repo.clock = null;
  repo.publishTo(remote);
  const now = Date.now();
  await recordAs(repo, ANA, minutesAgo(3 * 24 * 60, now), [
    [EXTRACTION, 'production', 'v1.0.0'],
    [ANALYSIS, 'production', 'v1.9.0'],
    [SUMMARY, 'production', 'v1.0.0'],
    [VALIDATION, 'production', 'v1.4.0'],
  ], { reason: 'CHG-1790 first production release' });
  const cliMove = minutesAgo(120, now);
  moveWithEdgitCli(repo, CARL, cliMove, EXTRACTION, 'canary', 'v1.0.0');
  const release = minutesAgo(52, now);
  await recordAs(repo, ANA, release, [
    [EXTRACTION, 'production', 'v1.1.0'],
    [ANALYSIS, 'production', 'v2.0.0'],
    [VALIDATION, 'production', 'v1.5.0'],
  ], { reason: RELEASE_REASON });
  const rollback = minutesAgo(8, now);
  await recordAs(repo, BEA, rollback, [[ANALYSIS, 'production', 'v1.9.0']], { action: 'rollback', reason: INCIDENT_REASON });
  return { repo, remote, release, rollback, cliMove };
}

let testLog: vscode.LogOutputChannel | undefined;

async function setup(incident: Incident) {
  const log = (testLog ??= vscode.window.createOutputChannel('Edgit incident tests', { log: true }));
  const host = new TestHost([incident.repo.dir], true, DEFAULT_SETTINGS);
  const registry = new RepositoryRegistry(log, { host });
  await registry.start();
  await registry.ready();
  const ctx: CommandContext = createCommandContext(registry, new MemoryMemento());
  const tree = new ComponentTreeProvider(registry);
  const repository = registry.repositories()[0];
  return {
    registry,
    ctx,
    tree,
    repository,
    run: <T extends object>(id: string, arg?: unknown) => runCommand(ctx, id, arg) as Promise<CommandResult<T>>,
    dispose: () => {
      tree.dispose();
      registry.dispose();
      host.dispose();
    },
  };
}

describe('The incident, readable (repositories with real histories)', function () {
  this.timeout(90_000);
  const disposables: (() => void)[] = [];
  afterEach(() => disposables.splice(0).forEach((d) => d()));
  after(() => cleanupTempDirs());

  it('tells each environment\'s last move from the history: who, when, why, with which batch; recent moves stand out; a move without a record is marked as verify reports it', async () => {
    const incident = await incidentRepository();
    const t = await setup(incident);
    disposables.push(t.dispose);

    // Component rows: what is live first, then the move of the last 24 hours.
    const prompts = await rowsAt(t.tree, ['prompts']);
    const analysis = row(prompts, 'analysis');
    assert.match(analysis.description, new RegExp(`^production v1\\.9\\.0 · moved ${source(spoken(incident.rollback))} · newest v2\\.0\\.0$`));
    assert.match(analysis.contextValue, /^edgit:component;recent$/);
    assert.strictEqual(((analysis.item.iconPath as vscode.ThemeIcon).color as vscode.ThemeColor).id, 'charts.blue');
    assert.match(row(prompts, 'extraction').description, new RegExp(`^production v1\\.1\\.0 · moved ${source(spoken(incident.release))}$`));
    // summary last moved three days ago: nothing stands out
    assert.strictEqual(row(prompts, 'summary').description, 'production v1.0.0');
    assert.strictEqual(row(prompts, 'summary').contextValue, 'edgit:component');
    assert.strictEqual((row(prompts, 'summary').item.iconPath as vscode.ThemeIcon).color, undefined);

    // The rolled back environment: its row, then its story on hover.
    const analysisRows = await rowsAt(t.tree, ['prompts', 'analysis']);
    const production = row(analysisRows, 'production');
    assert.match(production.description, new RegExp(`^v1\\.9\\.0 · ${source(spoken(incident.rollback))} by Bea Novak$`));
    assert.match(production.contextValue, /^edgit:env;protected;recent$/);
    const story = tooltipText(production.item);
    assert.match(story, new RegExp(`Rolled back from v2\\.0\\.0 by Bea Novak, ${source(spoken(incident.rollback))} — INC-311 analysis answers in one word`));
    assert.match(story, new RegExp(`v2\\.0\\.0 from ${source(spoken(incident.release))}: deployed by Ana Lima \\(replacing v1\\.9\\.0\\), together with configs/validation and prompts/extraction — CHG-1852 weekly release`));
    assert.match(story, /v1\.9\.0 from \S+ \d\d:\d\d: deployed by Ana Lima, together with configs\/validation, prompts\/extraction and prompts\/summary — CHG-1790 first production release/);
    assert.doesNotMatch(story, /Set analysis to production/, 'the tag message is not the story');

    // A move without a record (Carl's CLI move to canary), marked with who and when, as verify reports it.
    const extractionRows = await rowsAt(t.tree, ['prompts', 'extraction']);
    const canary = row(extractionRows, 'canary');
    assert.match(canary.description, new RegExp(`^v1\\.0\\.0 · not recorded · ${source(spoken(incident.cliMove))} by Carl Ortiz$`));
    assert.match(canary.contextValue, /;unrecorded;recent$/);
    assert.match(tooltipText(canary.item), /Not recorded: moved with another tool .*`?edgit-deploy verify`? reports it/s);
    assert.doesNotMatch(row(extractionRows, 'production').contextValue, /unrecorded/);
    const git = new Git(incident.repo.dir);
    const report = await verifyDeployments(git, await loadSnapshot(git), await loadHistory(git));
    const unrecorded: string[] = [];
    for (const label of ['analysis', 'extraction', 'summary']) {
      for (const r of await rowsAt(t.tree, ['prompts', label])) if (/;unrecorded\b/.test(r.contextValue) && r.node.kind === 'environment') unrecorded.push(r.node.environment.tag);
    }
    for (const r of await rowsAt(t.tree, ['configs', 'validation'])) if (/;unrecorded\b/.test(r.contextValue) && r.node.kind === 'environment') unrecorded.push(r.node.environment.tag);
    assert.deepStrictEqual(unrecorded.sort(), report.problems.filter((p) => p.kind === 'unrecorded-move').map((p) => p.tag.tag).sort());
    assert.deepStrictEqual(unrecorded, [`${EXTRACTION}/canary`]);
  });

  it('the rollback pick says when and why a higher version was rolled back from; the partial rollback marks the components moved together last', async () => {
    const incident = await incidentRepository();
    const t = await setup(incident);
    disposables.push(t.dispose);
    const snapshot = await t.repository.snapshot();

    let last: CandidateList | undefined;
    for await (const list of rollbackCandidates(t.ctx, t.repository, snapshot.get(ANALYSIS)!, 'production')) last = list;
    const items = toItems(last!, undefined, false);
    const byVersion = (v: string) => items.find((i) => i.label.endsWith(` ${v}`) && i.kind !== vscode.QuickPickItemKind.Separator)!;
    assert.match(byVersion('v2.0.0').description ?? '', new RegExp(`^rolled back from ${source(spoken(incident.rollback))}, INC-311 · roll forward$`));
    assert.match(byVersion('v2.0.0').detail ?? '', /^rolled back by Bea Novak: INC-311 analysis answers in one word · /);
    assert.match(byVersion('v1.9.0').description ?? '', /^current/);
    assert.match(byVersion('v1.8.0').description ?? '', /last known good/);
    assert.doesNotMatch(byVersion('v1.8.0').description ?? '', /rolled back from/);

    const together = await movedTogether(t.repository, snapshot, 'production');
    assert.ok(together);
    assert.match(together.label, new RegExp(`^deployed together ${source(spoken(incident.release))} · CHG-1852$`));
    assert.strictEqual(together.detail, `by Ana Lima: ${RELEASE_REASON}`);
    const inProduction = snapshot.components.filter((c) => c.environments.some((e) => e.name === 'production'));
    const picked = componentItems(inProduction, { environment: 'production', together });
    const batchDetail = `${together.label}, by Ana Lima: ${RELEASE_REASON}`;
    assert.deepStrictEqual(
      picked.map((i) => [i.kind === vscode.QuickPickItemKind.Separator ? '—' : '', i.label, i.description ?? '', i.detail ?? '']),
      [
        ['—', together.label, '', ''],
        ['', 'configs/validation', 'production at v1.5.0', batchDetail],
        ['', 'prompts/analysis', 'production at v1.9.0', batchDetail],
        ['', 'prompts/extraction', 'production at v1.1.0', batchDetail],
        ['—', 'other components in production', '', ''],
        ['', 'prompts/summary', 'production at v1.0.0', ''],
      ],
    );
  });

  it('a partial rollback confirms with every check of each move and each file\'s line changes, and its result counts components', async () => {
    const incident = await incidentRepository();
    const t = await setup(incident);
    disposables.push(t.dispose);
    const snapshot = await t.repository.snapshot();
    const moves = [planEnvironmentMove(snapshot, EXTRACTION, 'production', 'v1.0.0'), planEnvironmentMove(snapshot, VALIDATION, 'production', 'v1.4.0')];
    const checks = await safetyChecks(t.repository, snapshot, moves, DEFAULT_SETTINGS, 'origin');
    const single = await safetyChecks(t.repository, snapshot, [moves[0]], DEFAULT_SETTINGS, 'origin');
    const { modals } = await withDialogs(
      () => undefined,
      () =>
        confirmMoves({
          words: { title: 'Partial Rollback', verb: 'Roll Back', past: 'Rolled back' },
          moves,
          checks,
          remote: 'origin',
          pushMode: 'ask',
          overriding: [],
          changes: ['components/prompts/extraction.md: +1 −1 lines', 'components/configs/validation.md: +1 −1 lines'],
          preview: () => Promise.resolve(),
        }),
    );
    const [modal] = modals;
    assert.strictEqual(modal.message, 'Roll Back 2 components in production at once?');
    // The same checks as a single rollback's, under each move.
    for (const line of single[0].map((c) => c.message)) assert.ok(modal.detail.includes(line), `the detail shows "${line}"`);
    assert.strictEqual(modal.detail.match(/! production is protected: confirm this exact move/g)?.length, 2);
    assert.strictEqual(modal.detail.match(/✓ a release version/g)?.length, 2);
    assert.match(modal.detail, /Changes \(Preview Changes shows the diff\):\n\u00a0{4}components\/prompts\/extraction\.md: \+1 −1 lines\n\u00a0{4}components\/configs\/validation\.md: \+1 −1 lines/);
    // Each move heads its checks, indented; a blank line between moves.
    assert.match(modal.detail, /^prompts\/extraction · production: v1\.1\.0 → v1\.0\.0\n\u00a0{4}✓ v1\.0\.0 exists/m);
    assert.match(modal.detail, /confirm this exact move\n\nconfigs\/validation · production: v1\.5\.0 → v1\.4\.0\n\u00a0{4}✓ v1\.4\.0 exists/);
    assert.deepStrictEqual(modal.buttons, ['Roll Back and Push', 'Roll Back Locally', 'Preview Changes']);

    // The result, counted as people count it.
    const { result, notices, modals: asked } = await withDialogs(
      (m) => m.buttons.find((b) => b === 'Roll Back Locally'),
      () => t.run<MoveOutcome>('edgit.partialRollback', { repositoryRoot: incident.repo.dir, environment: 'production', targets: [{ componentKey: EXTRACTION }, { componentKey: VALIDATION }], confirm: true }),
    );
    expectDone(result);
    assert.strictEqual(asked.length, 0, 'arguments answered everything');
    assert.deepStrictEqual(notices, ['Rolled back 2 components in production (prompts/extraction v1.1.0 → v1.0.0; configs/validation v1.5.0 → v1.4.0). Local only: not pushed yet.']);
  });

  it('the dialog lists the file changes; after Preview Changes the question comes back beside the diff (a notification with the same answers), not over it', async () => {
    const incident = await incidentRepository();
    const t = await setup(incident);
    disposables.push(t.dispose);
    let previewed = 0;
    const snapshot = await t.repository.snapshot();
    const moves = [planEnvironmentMove(snapshot, ANALYSIS, 'production', 'v1.8.0')];
    const words = { title: 'Rollback', verb: 'Roll Back', past: 'Rolled back' };
    const checks = await safetyChecks(t.repository, snapshot, moves, DEFAULT_SETTINGS, 'origin');
    const { result, asked } = await withDialogs(
      (q) => (q.modal ? 'Preview Changes' : 'Roll Back Locally'),
      () =>
        confirmMoves({
          words,
          moves,
          checks,
          remote: 'origin',
          pushMode: 'ask',
          overriding: [],
          changes: ['components/prompts/analysis.md: +1 −1 lines'],
          preview: async () => {
            previewed++;
          },
          markable: ['v1.9.0'],
        }),
    );
    assert.deepStrictEqual(
      asked.map((q) => q.modal),
      [true, false],
      'the dialog once, then the question beside the preview, not the dialog over it',
    );
    assert.match(asked[0].detail, /Changes \(Preview Changes shows the diff\):\n\u00a0{4}components\/prompts\/analysis\.md: \+1 −1 lines/);
    assert.strictEqual(previewed, 1);
    assert.strictEqual(
      asked[1].message,
      'Roll Back prompts/analysis · production: v1.9.0 → v1.8.0? The changes are open in the editor: read them, then answer (× cancels). production is protected: your answer confirms this exact move.',
    );
    assert.deepStrictEqual(asked[1].buttons, ['Roll Back and Push', 'Roll Back Locally', 'Show Checks']);
    assert.deepStrictEqual(result, { push: false, markLeft: false });

    // "Show Checks" brings the dialog back; closing the notification cancels.
    const again = await withDialogs(
      (q, i) => (q.modal ? (i === 0 ? 'Preview Changes' : undefined) : 'Show Checks'),
      () => confirmMoves({ words, moves, checks, remote: 'origin', pushMode: 'ask', overriding: [], preview: () => Promise.resolve() }),
    );
    assert.deepStrictEqual(again.asked.map((q) => q.modal), [true, false, true]);
    assert.strictEqual(again.result, undefined);
    const closed = await withDialogs(
      (q) => (q.modal ? 'Preview Changes' : undefined),
      () => confirmMoves({ words, moves, checks, remote: 'origin', pushMode: 'ask', overriding: [], preview: () => Promise.resolve() }),
    );
    assert.strictEqual(closed.result, undefined);
  });

  it('undo of a local rollback defaults to local, puts the very tag object back (the tree says same as the remote), and the next rollback sees no unpushed move', async () => {
    const incident = await incidentRepository();
    const t = await setup(incident);
    disposables.push(t.dispose);
    const tag = `${EXTRACTION}/production`;
    const pushed = incident.repo.refValue(tag);
    assert.strictEqual(incident.remote.refValue(tag), pushed);

    const rolled = expectDone(await t.run<MoveOutcome>('edgit.rollback', { repositoryRoot: incident.repo.dir, componentKey: EXTRACTION, environment: 'production', version: 'v1.0.0', push: false, confirm: true }));
    assert.strictEqual(rolled.pushedTo, null);
    // Drift comes first in the description, before who and when.
    const unpushed = await waitFor('production not pushed', async () => {
      const r = row(await rowsAt(t.tree, ['prompts', 'extraction']), 'production');
      return /not pushed/.test(r.description) ? r : undefined;
    });
    assert.match(unpushed.description, /^v1\.0\.0 · not pushed · \d\d:\d\d today by Ana/);

    // Undo from its notification (no arguments but the repository): the dialog's default answer stays local.
    const { result, modals } = await withDialogs(
      (m) => m.buttons[0],
      () => t.run<MoveOutcome>('edgit.undo', { repositoryRoot: incident.repo.dir }),
    );
    const undone = expectDone(result);
    assert.deepStrictEqual(modals[0].buttons, ['Restore Locally', 'Restore and Push', 'Preview Changes']);
    assert.match(modals[0].detail, /What it reverts was not pushed, so by default this stays local too/);
    assert.strictEqual(undone.pushedTo, null);
    assert.strictEqual(incident.repo.refValue(tag), pushed, 'the very tag object is back');
    assert.strictEqual(incident.remote.refValue(tag), pushed);

    const same = await waitFor('production the same as the remote', async () => {
      const r = row(await rowsAt(t.tree, ['prompts', 'extraction']), 'production');
      return r.node.kind === 'environment' && r.node.drift === 'in-sync' ? r : undefined;
    });
    assert.doesNotMatch(same.description, /not pushed/);
    const text = tooltipText(same.item);
    assert.match(text, /Same as the remote: nothing to push or fetch\./);
    assert.match(text, /Restored \(undo\) from v1\.0\.0 by Ana/);

    // The next rollback's checks: no unpushed local move.
    const snapshot = await t.repository.snapshot();
    const [checks] = await safetyChecks(t.repository, snapshot, [planEnvironmentMove(snapshot, EXTRACTION, 'production', 'v1.0.0')], DEFAULT_SETTINGS, 'origin');
    const drift = checks.find((c) => c.id === 'remote-drift');
    assert.deepStrictEqual([drift?.status, drift?.message], ['pass', 'production matches the remote']);
  });
});

