// Deploy receipts in the editor: the tree says live, pending or nothing per environment, and the
// notification of a pushed move follows it until a deploy reports it live (or says none did).
// Real repositories, a real bare remote, receipts written by the built CLI (report-live).
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { CommandContext, CommandResult, createCommandContext, runCommand } from '../../src/extension/commands';
import type { MoveOutcome } from '../../src/extension/commands/moveFlow';
import { RepositoryRegistry } from '../../src/extension/repositoryRegistry';
import type { EdgitSettings } from '../../src/extension/services';
import { DEFAULT_SETTINGS } from '../../src/extension/settings';
import { ComponentTreeProvider } from '../../src/extension/tree/componentTreeProvider';
import { runCli, succeeded } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs, tempDir } from '../helpers/gitRepo';
import { MemoryMemento, expectDone } from './support/commandsSetup';
import { waitFor } from './support/edgitApi';
import { TestHost } from './support/testHost';
import { row, rowsAt, tooltipText } from './support/treeRows';

const ANALYSIS = 'components/prompts/analysis';
const SUMMARY = 'components/prompts/summary';
const RUN = 'https://ci.example/acme/runs/8907';

/**
 * analysis v1.0.0, v1.1.0 and summary v1.0.0, v1.1.0, pushed; production of both at v1.0.0 and
 * staging of analysis at v1.0.0, moved with edgit-deploy and pushed; a deploy job (its own clone)
 * reported production of both live, then summary's production moved to v1.1.0 (pending).
 */
function reportedRepository(): { repo: TestRepo; remote: TestRepo; job: TestRepo } {
  const parent = tempDir('edgit-receipts-');
  const remote = TestRepo.init(path.join(parent, 'remote.git'), { bare: true });
  const repo = TestRepo.init(path.join(parent, 'team'));
  for (const v of ['v1.0.0', 'v1.1.0']) {
    repo.commitFile('prompts/analysis.md', `analysis ${v}`);
    repo.tagVersion(ANALYSIS, v);
    repo.commitFile('prompts/summary.md', `summary ${v}`);
    repo.tagVersion(SUMMARY, v);
  }
  repo.publishTo(remote);
  succeeded(runCli(repo, null, ['batch', 'production', 'prompts/analysis=v1.0.0', 'prompts/summary=v1.0.0', '--yes', '--push']));
  succeeded(runCli(repo, null, ['set', 'prompts/analysis', 'staging', 'v1.0.0', '--yes', '--push']));
  const job = TestRepo.clone(remote, path.join(parent, 'deploy-job'), { name: 'deploy-bot', email: 'deploy-bot@ci.example' });
  succeeded(runCli(job, null, ['report-live', 'production', 'prompts/analysis', 'prompts/summary', '--run', RUN, '--settles-in', '1h', '--push']));
  succeeded(runCli(repo, null, ['fetch']));
  succeeded(runCli(repo, null, ['set', 'prompts/summary', 'production', 'v1.1.0', '--yes', '--push']));
  return { repo, remote, job };
}

let testLog: vscode.LogOutputChannel | undefined;

async function setup(repo: TestRepo, settings: EdgitSettings = DEFAULT_SETTINGS) {
  const log = (testLog ??= vscode.window.createOutputChannel('Edgit receipts tests', { log: true }));
  const host = new TestHost([repo.dir], true, settings);
  const registry = new RepositoryRegistry(log, { host });
  await registry.start();
  await registry.ready();
  const ctx: CommandContext = createCommandContext(registry, new MemoryMemento());
  const tree = new ComponentTreeProvider(registry);
  return {
    tree,
    run: <T extends object>(id: string, arg?: unknown) => runCommand(ctx, id, arg) as Promise<CommandResult<T>>,
    dispose: () => {
      tree.dispose();
      registry.dispose();
      host.dispose();
    },
  };
}

type Window = typeof vscode.window;

/** Records the information and warning notifications shown until `restore` is called (none answered). */
function recordNotifications(): { shown: { level: 'info' | 'warning'; message: string; buttons: string[] }[]; restore: () => void } {
  const win = vscode.window as { -readonly [K in keyof Window]: Window[K] };
  const saved = { warning: win.showWarningMessage, info: win.showInformationMessage };
  const shown: { level: 'info' | 'warning'; message: string; buttons: string[] }[] = [];
  const record = (level: 'info' | 'warning') => ((message: string, ...rest: unknown[]) => {
    shown.push({ level, message, buttons: rest.filter((r): r is string => typeof r === 'string') });
    return Promise.resolve(undefined);
  }) as Window['showInformationMessage'];
  win.showInformationMessage = record('info');
  win.showWarningMessage = record('warning');
  return {
    shown,
    restore: () => {
      win.showInformationMessage = saved.info;
      win.showWarningMessage = saved.warning;
    },
  };
}

describe('Deploy receipts in the editor', function () {
  this.timeout(120_000);
  const disposables: (() => void)[] = [];
  afterEach(() => disposables.splice(0).forEach((d) => d()));
  after(() => cleanupTempDirs());

  it('the tree says live, deploy pending or nothing per environment, with who, when, the run and when caches settle', async () => {
    const { repo } = reportedRepository();
    const t = await setup(repo);
    disposables.push(t.dispose);

    const prompts = await rowsAt(t.tree, ['prompts']);
    assert.match(row(prompts, 'analysis').description, /^production v1\.0\.0 \(live\)/);
    assert.match(row(prompts, 'summary').description, /^production v1\.1\.0 \(v1\.0\.0 live, deploy pending\)/);

    const analysis = await rowsAt(t.tree, ['prompts', 'analysis']);
    const live = row(analysis, 'production');
    assert.match(live.description, /^v1\.0\.0 · live · caches settle \d\d:\d\d/);
    assert.match(live.contextValue, /;live\b/);
    const liveTip = tooltipText(live.item);
    assert.match(liveTip, /Live since \d{4}-\d\d-\d\d \d\d:\d\d \(just now\), reported by deploy-bot <deploy-bot@ci\.example>/);
    assert.match(liveTip, /Caches may still serve the previous version until \d{4}-\d\d-\d\d \d\d:\d\d; certainly served after\./);
    // The run is a link to exactly the URL reported.
    assert.ok(String((live.item.tooltip as vscode.MarkdownString).value).includes(`[deploy run](${RUN})`));
    // staging never had a receipt in this repository: nothing about deploys.
    const staging = row(analysis, 'staging');
    assert.doesNotMatch(staging.description, /live|pending/);
    assert.doesNotMatch(staging.contextValue, /;live|;pending/);
    assert.doesNotMatch(tooltipText(staging.item), /deploy|Live since/);

    const summary = row(await rowsAt(t.tree, ['prompts', 'summary']), 'production');
    assert.match(summary.description, /^v1\.1\.0 · deploy pending/);
    assert.match(summary.contextValue, /;pending\b/);
    assert.strictEqual((summary.item.iconPath as vscode.ThemeIcon).id, 'watch');
    const pendingTip = tooltipText(summary.item);
    assert.match(pendingTip, /Deploy pending: moved just now \(\d{4}-\d\d-\d\d \d\d:\d\d\), no deploy reported for this position in production\./);
    assert.match(pendingTip, /Last reported live: v1\.0\.0 since \d{4}-\d\d-\d\d \d\d:\d\d/);
  });

  it('after a pushed move the notification waits for the deploy and says when it is live, with the run; without a report it says none came and what to check', async () => {
    const { repo, job } = reportedRepository();
    const t = await setup(repo, { ...DEFAULT_SETTINGS, deployWatchPollSeconds: 0.3, deployWatchMinutes: 1 });
    disposables.push(t.dispose);
    const notes = recordNotifications();
    disposables.push(notes.restore);

    // Production of analysis is live at v1.0.0: deploy v1.1.0, which the deploy must report.
    const moved = expectDone(await t.run<MoveOutcome>('edgit.deployVersion', { repositoryRoot: repo.dir, componentKey: ANALYSIS, environment: 'production', version: 'v1.1.0', push: true, confirm: true }));
    assert.strictEqual(moved.pushedTo, 'origin');
    // The deploy job reports it a moment later, from its own clone.
    await new Promise((r) => setTimeout(r, 800));
    job.git('fetch', '-q', '--tags', '--force', 'origin');
    succeeded(runCli(job, null, ['report-live', 'production', 'prompts/analysis=v1.1.0', '--run', RUN, '--push']));
    const live = await waitFor('the live notification', () => notes.shown.find((n) => /^Live: prompts\/analysis in production since \d\d:\d\d\.$/.test(n.message)), 20_000);
    assert.deepStrictEqual(live.buttons, ['Open Run']);
    // The tree knows it too (the receipts were fetched by the watch).
    await waitFor('the tree says live', async () => /^v1\.1\.0 · live/.test(row(await rowsAt(t.tree, ['prompts', 'analysis']), 'production').description));

    // A move nobody deploys: after the wait, a warning that names it and what to check.
    t.dispose();
    disposables.pop();
    const quick = await setup(repo, { ...DEFAULT_SETTINGS, deployWatchPollSeconds: 0.3, deployWatchMinutes: 0.05 });
    disposables.push(quick.dispose);
    expectDone(await quick.run<MoveOutcome>('edgit.deployVersion', { repositoryRoot: repo.dir, componentKey: SUMMARY, environment: 'production', version: 'v1.0.0', push: true, confirm: true }));
    const none = await waitFor('the no-deploy warning', () => notes.shown.find((n) => n.level === 'warning' && /^No deploy reported for prompts\/summary in production after 3 s/.test(n.message)), 20_000);
    assert.match(none.message, /Check that the deploy workflow ran/);
    assert.deepStrictEqual(none.buttons, ['Keep Waiting']);
  });

  it('Push Environment Tags follows the pushed positions to a deploy report, as a move\'s push does', async () => {
    const { repo, job } = reportedRepository();
    const t = await setup(repo, { ...DEFAULT_SETTINGS, deployWatchPollSeconds: 0.3, deployWatchMinutes: 1 });
    disposables.push(t.dispose);
    const notes = recordNotifications();
    disposables.push(notes.restore);

    // Moved here only, then pushed by the command: the push starts the deploy, the watch follows it.
    const moved = expectDone(await t.run<MoveOutcome>('edgit.deployVersion', { repositoryRoot: repo.dir, componentKey: ANALYSIS, environment: 'production', version: 'v1.1.0', push: false, confirm: true }));
    assert.strictEqual(moved.pushedTo, null);
    const pushed = expectDone(await t.run<{ pushed: string[] }>('edgit.pushEnvironmentTags', { repositoryRoot: repo.dir, confirm: true }));
    assert.ok(pushed.pushed.includes('components/prompts/analysis/production'), pushed.pushed.join(', '));
    await new Promise((r) => setTimeout(r, 800));
    job.git('fetch', '-q', '--tags', '--force', 'origin');
    succeeded(runCli(job, null, ['report-live', 'production', 'prompts/analysis=v1.1.0', '--run', RUN, '--push']));
    await waitFor('the live notification', () => notes.shown.find((n) => /^Live: prompts\/analysis in production since \d\d:\d\d\.$/.test(n.message)), 20_000);
  });
});
