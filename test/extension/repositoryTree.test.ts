// The Components tree over repositories built for these tests with the git CLI, through a
// registry of their own (TestHost folders), inside the real extension host: multi-root, drift
// against a bare remote, refresh after outside tag writes, muted writes, welcome states, filter.
import * as assert from 'assert';
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { loadSnapshot } from '../../src/engine';
import { Git } from '../../src/engine/git';
import { markDraft } from '../../src/engine/history/badMarks';
import { recordMarks } from '../../src/engine/history/markRecording';
import { RepositoryRegistry } from '../../src/extension/repositoryRegistry';
import { ComponentTreeProvider, TreeStatus } from '../../src/extension/tree/componentTreeProvider';
import { cleanupTempDirs, tempDir, TestRepo } from '../helpers/gitRepo';
import { eventLine, rawHistoryCommit, rawTag } from '../helpers/hostileObjects';
import { waitFor } from './support/edgitApi';
import { recordGit } from './support/recordGit';
import { TestHost } from './support/testHost';
import { row, rows, rowsAt, tooltipSource, tooltipText } from './support/treeRows';

const KEY = 'components/prompts/extraction';

/** A repository with extraction v1.0.0 and v1.1.0, production on v1.0.0 (nested, as the CLI does), pushed to a bare remote. */
function edgitRepo(name: string): { repo: TestRepo; remote: TestRepo } {
  const parent = tempDir(`edgit-tree-${name}-`);
  const remote = TestRepo.init(path.join(parent, 'remote.git'), { bare: true });
  const repo = TestRepo.init(path.join(parent, name));
  repo.clock = '2025-01-10T09:00:00Z';
  repo.commitFile('components/prompts/extraction.md', 'v1\n', 'Add extraction');
  repo.tagVersion(KEY, 'v1.0.0');
  repo.clock = '2025-02-20T09:00:00Z';
  repo.commitFile('components/prompts/extraction.md', 'v2\n', 'Extract totals');
  repo.tagVersion(KEY, 'v1.1.0');
  repo.clock = '2025-03-01T09:00:00Z';
  repo.setEnvLikeCli(KEY, 'production', 'v1.0.0');
  repo.clock = null;
  repo.publishTo(remote);
  return { repo, remote };
}

/** One output channel for the suite: background work of a disposed registry may still log. */
let testLog: vscode.LogOutputChannel | undefined;

function setup(folders: string[], options: { trusted?: boolean } = {}) {
  const log = (testLog ??= vscode.window.createOutputChannel('Edgit tests', { log: true }));
  const host = new TestHost(folders, options.trusted ?? true);
  const registry = new RepositoryRegistry(log, { host });
  const statuses: TreeStatus[] = [];
  const tree = new ComponentTreeProvider(registry, async (s) => statuses.push(s));
  const dispose = () => {
    tree.dispose();
    registry.dispose();
    host.dispose();
  };
  return { host, registry, tree, statuses, dispose };
}

/** File watchers start a few hundred ms after they are made, and the repository checks its tags once more at 2 s: wait past both. */
const watchersSettled = () => new Promise((r) => setTimeout(r, 2500));

describe('Components tree (repositories built by the test)', function () {
  this.timeout(60_000);
  const disposables: (() => void)[] = [];
  afterEach(() => disposables.splice(0).forEach((d) => d()));
  after(() => cleanupTempDirs());

  it('shows namespace → component → environments first, then versions highest first', async () => {
    const { repo } = edgitRepo('single');
    const t = setup([repo.dir]);
    disposables.push(t.dispose);

    const top = await rows(t.tree);
    assert.deepStrictEqual(top.map((r) => [r.label, r.contextValue]), [['prompts', 'edgit:namespace']]);
    const components = await rowsAt(t.tree, ['prompts']);
    assert.deepStrictEqual(components.map((r) => r.label), ['extraction']);
    assert.strictEqual(components[0].contextValue, 'edgit:component');
    assert.strictEqual(components[0].item.id, `${repo.dir}#c:${KEY}`);
    // The row says what is live (production, first in the configured order), then the newest version.
    assert.strictEqual(components[0].description, 'production v1.0.0 · newest v1.1.0');

    const children = await rowsAt(t.tree, ['prompts', 'extraction']);
    assert.deepStrictEqual(children.map((r) => r.label), ['production', 'v1.1.0', 'v1.0.0']);
    const production = row(children, 'production');
    assert.match(production.description, /^v1\.0\.0 · \d+ (min|h|d|mo|y) ago by Ana/);
    assert.match(production.contextValue, /^edgit:env;protected(;|$)/);
    assert.strictEqual(row(children, 'v1.0.0').description, 'production');
    assert.strictEqual(row(children, 'v1.0.0').contextValue, 'edgit:version;deployed');
    assert.strictEqual(row(children, 'v1.1.0').description, '');
    assert.strictEqual(row(children, 'v1.1.0').contextValue, 'edgit:version');
    const node = row(children, 'v1.1.0').node;
    assert.ok(node.kind === 'version' && node.version.version === 'v1.1.0' && node.component.key === KEY && node.repository.root === repo.dir);
    assert.strictEqual(t.statuses.at(-1)?.state, 'ready');
  });

  it('shows bad marks of the deployment history on component, environment and version rows, and repaints when one is set', async () => {
    const { repo } = edgitRepo('marks');
    const t = setup([repo.dir]);
    disposables.push(t.dispose);
    const git = new Git(repo.dir);
    const extraction = { key: KEY, id: 'prompts/extraction' };
    await recordMarks(git, [markDraft(extraction, { version: 'v1.1.0', commit: repo.peeled(`${KEY}/v1.1.0`) }, 'mark-bad', 'wrong totals')]);
    const children = await rowsAt(t.tree, ['prompts', 'extraction']);
    const v11 = row(children, 'v1.1.0');
    assert.strictEqual(v11.description, 'marked bad');
    assert.strictEqual(v11.contextValue, 'edgit:version;bad');
    assert.match(tooltipText(v11.item), /Marked bad by .+ at \d{4}-.*: "wrong totals"/);
    assert.strictEqual(row(children, 'v1.0.0').contextValue, 'edgit:version;deployed');
    assert.doesNotMatch(row(children, 'production').contextValue, /;bad\b/);
    // production moves to the bad version (by another tool): its rows say so once the tree repaints
    await watchersSettled();
    repo.git('tag', '-f', '-a', '-m', 'Set extraction to production', `${KEY}/production`, `${KEY}/v1.1.0`);
    const production = await waitFor('production at the bad version', async () => {
      const r = row(await rowsAt(t.tree, ['prompts', 'extraction']), 'production');
      return /;bad\b/.test(r.contextValue) ? r : undefined;
    });
    // What is live and its mark first, then drift, then when and by whom (the tag moved just now: the time of day).
    assert.match(production.description, /^v1\.1\.0 \(marked bad\)( · not pushed)? · \d\d:\d\d today by Ana$/);
    // (the moved tag is not pushed: drift may show once the background check ends)
    assert.match(row(await rowsAt(t.tree, ['prompts']), 'extraction').description, /^production v1\.1\.0 \(marked bad\)( · not pushed)? · moved \d\d:\d\d today$/);
    // clearing the mark (the history moves, no tag does) repaints the rows
    await recordMarks(git, [markDraft(extraction, { version: 'v1.1.0', commit: repo.peeled(`${KEY}/v1.1.0`) }, 'unmark-bad', 'fixed upstream')]);
    // (rows repaint for drift too, so wait for every row to have seen the history move)
    await waitFor('the mark gone from the version and component rows', async () => {
      const version = row(await rowsAt(t.tree, ['prompts', 'extraction']), 'v1.1.0');
      const component = row(await rowsAt(t.tree, ['prompts']), 'extraction');
      return version.contextValue === 'edgit:version;deployed' && /^production v1\.1\.0( · not pushed)? · moved \d\d:\d\d today$/.test(component.description);
    });
  });

  it('escapes untrusted tag messages in tooltips', async () => {
    const { repo } = edgitRepo('tooltip');
    repo.git('tag', '-a', '-m', 'Release [click](command:workbench.action.quit) <b>x</b>', `${KEY}/v2.0.0`, 'HEAD');
    const t = setup([repo.dir]);
    disposables.push(t.dispose);
    const v2 = row(await rowsAt(t.tree, ['prompts', 'extraction']), 'v2.0.0');
    const tooltip = v2.item.tooltip as vscode.MarkdownString;
    assert.ok(tooltip instanceof vscode.MarkdownString);
    assert.ok(!tooltip.isTrusted && !tooltip.supportHtml);
    const source = tooltipSource(v2.item);
    assert.ok(!source.includes('[click](command:') && !source.includes('<b>'), source);
    assert.ok(tooltipText(v2.item).includes('Release [click](command:workbench.action.quit) <b>x</b>'), tooltipText(v2.item));
    assert.ok(!source.includes('&nbsp;'), 'spaces stay spaces so long messages wrap');
  });

  it('renders and responds with hostile tags and history from the remote: what git says, names marked, the skipped items named', async () => {
    const { repo } = edgitRepo('hostile');
    const production = repo.git('rev-parse', `refs/tags/${KEY}/production`);
    const c1 = repo.git('rev-parse', `${KEY}/v1.0.0^{commit}`);
    // A version tag whose message holds 0x1e and a forged listing record claiming production is at v1.1.0.
    const forged = [`refs/tags/${KEY}/production`, production, 'tag', repo.git('rev-parse', `refs/tags/${KEY}/v1.1.0`), 'tag', c1, 'commit', '2026-01-01T00:00:00+00:00', 'Alice', '<alice@example.com>', '', '', 'Set'].join('\x1f');
    const hostileVersion = rawTag(repo, { object: c1, tag: `${KEY}/v1.0.1`, tagger: 'Mallory\x1b]0;x\x07 <m@example.com>', date: '1772355600 +0000', message: `Release\x1e ${forged}\x1e\n` });
    repo.git('update-ref', `refs/tags/${KEY}/v1.0.1`, hostileVersion);
    // A look-alike of production (Cyrillic o), and a history commit dated beyond what a Date holds.
    repo.git('update-ref', `refs/tags/${KEY}/pr\u043eduction`, production);
    const bad = rawHistoryCommit(repo, {
      parents: [],
      committer: 'Mallory <m@example.com>',
      date: '99999999999999 +0000',
      message: `x\n\n${eventLine({ component: KEY, id: 'prompts/extraction', environment: 'production', toVersion: 'v1.0.0', toCommit: c1, batch: 'far' })}\n`,
    });
    repo.git('update-ref', 'refs/edgit/history', bad);
    const t = setup([repo.dir]);
    disposables.push(t.dispose);

    const under = await rowsAt(t.tree, ['prompts', 'extraction']);
    assert.strictEqual(row(under, 'production').description.includes('v1.0.0'), true, row(under, 'production').description);
    const lookAlike = under.find((r) => r.node.kind === 'environment' && r.node.environment.name !== 'production');
    assert.ok(lookAlike, under.map((r) => r.label).join(', '));
    assert.match(lookAlike.description, /suspicious name/);
    assert.match(tooltipText(lookAlike.item), /U\+043E/);
    assert.ok(under.some((r) => r.label === 'v1.0.1'), 'the hostile version is listed');
    const warning = await waitFor('the row naming what was skipped', async () => (await rows(t.tree)).find((r) => r.contextValue === 'edgit:message;warning'));
    assert.match(warning.label, /1 item skipped/);
    assert.ok(tooltipText(warning.item).includes(`history commit ${bad.slice(0, 10)}`), tooltipText(warning.item));
    // Still responds: a refresh after an outside move repaints.
    repo.git('tag', '-f', '-a', '-m', 'Set', `${KEY}/production`, `${KEY}/v1.1.0`);
    t.registry.repositories()[0].refresh();
    await waitFor('production moved', async () => (row(await rowsAt(t.tree, ['prompts', 'extraction']), 'production').description.includes('v1.1.0') ? true : undefined));
  });

  it('orders environments by edgit.environmentOrder, then alphabetically', async () => {
    const { repo } = edgitRepo('order');
    for (const env of ['alpha', 'canary', 'staging', 'beta']) repo.setEnvLikeCli(KEY, env, 'v1.1.0');
    const t = setup([repo.dir]);
    disposables.push(t.dispose);
    const labels = async () => (await rowsAt(t.tree, ['prompts', 'extraction'])).filter((r) => r.node.kind === 'environment').map((r) => r.label);
    assert.deepStrictEqual(await labels(), ['production', 'staging', 'canary', 'alpha', 'beta']);
    t.host.setSettings({ environmentOrder: ['canary'] });
    assert.deepStrictEqual(await labels(), ['canary', 'alpha', 'beta', 'production', 'staging']);
    // (the environments were set just now: the row says when, after what is live)
    assert.match(row(await rowsAt(t.tree, ['prompts']), 'extraction').description, /^canary v1\.1\.0 · moved \d\d:\d\d today$/);
    assert.strictEqual(row(await rowsAt(t.tree, ['prompts', 'extraction']), 'v1.1.0').description, 'canary, alpha, beta, staging');
  });

  it('shows one node per repository with Edgit tags in a multi-root workspace', async () => {
    const a = edgitRepo('alpha-repo').repo;
    const b = edgitRepo('beta-repo').repo;
    b.setEnvLikeCli(KEY, 'staging', 'v1.1.0');
    const plain = TestRepo.init(tempDir('edgit-tree-plain-'));
    plain.commitFile('README.md', 'no tags\n');
    const t = setup([a.dir, plain.dir, b.dir]);
    disposables.push(t.dispose);

    const top = await rows(t.tree);
    assert.deepStrictEqual(top.map((r) => [r.label, r.contextValue]), [
      ['alpha-repo', 'edgit:repository'],
      ['beta-repo', 'edgit:repository'],
    ]);
    assert.strictEqual(t.registry.repositories().length, 3, 'the plain repository is known, without a node');
    const envsOf = async (repoLabel: string) =>
      (await rowsAt(t.tree, [repoLabel, 'prompts', 'extraction'])).filter((r) => r.node.kind === 'environment').map((r) => r.label);
    assert.deepStrictEqual(await envsOf('alpha-repo'), ['production']);
    assert.deepStrictEqual(await envsOf('beta-repo'), ['production', 'staging']);
    const idA = (await rowsAt(t.tree, ['alpha-repo', 'prompts']))[0].item.id;
    const idB = (await rowsAt(t.tree, ['beta-repo', 'prompts']))[0].item.id;
    assert.notStrictEqual(idA, idB);

    // A folder's repository found again when the folders change; one left: no repository level.
    t.host.setFolders([b.dir]);
    await waitFor('the repository level to go', async () => (await rows(t.tree))[0]?.label === 'prompts');
  });

  it('reports the welcome states: noFolder, noGit, noTags, untrusted (running no git), ready', async () => {
    const stateOf = async (folders: string[], trusted = true) => {
      const t = setup(folders, { trusted });
      disposables.push(t.dispose);
      const children = await t.tree.getChildren();
      return { state: t.tree.status.state, children: children.length, t };
    };
    assert.deepStrictEqual(await stateOf([]).then((s) => [s.state, s.children]), ['noFolder', 0]);
    const notGit = tempDir('edgit-tree-nogit-');
    assert.deepStrictEqual(await stateOf([notGit]).then((s) => [s.state, s.children]), ['noGit', 0]);
    const untagged = TestRepo.init(tempDir('edgit-tree-untagged-'));
    untagged.commitFile('a.txt', 'a\n');
    untagged.git('tag', 'v1.0.0'); // an application tag, not an Edgit one
    assert.deepStrictEqual(await stateOf([untagged.dir]).then((s) => [s.state, s.children]), ['noTags', 0]);

    const { repo } = edgitRepo('untrusted');
    const git = recordGit(repo.dir);
    disposables.push(git.dispose);
    const u = await stateOf([repo.dir], false);
    assert.deepStrictEqual([u.state, u.children], ['untrusted', 0]);
    assert.deepStrictEqual(git.commands, [], 'no git may run in an untrusted workspace');
    u.t.host.grantTrust();
    await waitFor('the tree after trust is granted', async () => (await u.t.tree.getChildren()).length > 0 && u.t.tree.status.state === 'ready');
    assert.ok(git.commands.some((c) => c[0] === 'for-each-ref'));

    // Trust granted in a workspace without any repository: the view leaves "untrusted".
    const v = await stateOf([notGit], false);
    assert.strictEqual(v.state, 'untrusted');
    let repainted = false;
    const sub = v.t.tree.onDidChangeTreeData(() => (repainted = true));
    disposables.push(() => sub.dispose());
    v.t.host.grantTrust();
    await waitFor('a repaint after trust', () => repainted);
    await v.t.tree.getChildren();
    assert.strictEqual(v.t.tree.status.state, 'noGit');
  });

  it('reads all tags with one git for-each-ref per refresh, and never caches a failed read', async () => {
    const { repo } = edgitRepo('reads');
    repo.git('pack-refs', '--all');
    const t = setup([repo.dir]);
    disposables.push(t.dispose);
    const git = recordGit(repo.dir);
    disposables.push(git.dispose);
    // The tags' listing; the deploy receipts' tips (refs/edgit/ only, no tag) are listed apart, once.
    const receiptsOnly = (c: readonly string[]) => c.slice(1).every((a) => a.startsWith('--') || a.startsWith('refs/edgit/'));
    const reads = () => git.commands.filter((c) => c[0] === 'for-each-ref' && !receiptsOnly(c)).length;
    const receiptReads = () => git.commands.filter((c) => c[0] === 'for-each-ref' && receiptsOnly(c)).length;

    await rowsAt(t.tree, ['prompts', 'extraction']);
    await rowsAt(t.tree, ['prompts', 'extraction']);
    assert.strictEqual(reads(), 1);
    assert.strictEqual(receiptReads(), 1);

    const packed = path.join(repo.dir, '.git', 'packed-refs');
    const good = readFileSync(packed, 'utf8');
    await t.registry.repositories()[0].withMutedWatcher(async () => writeFileSync(packed, good + 'garbage line\n'));
    const broken = await waitFor('an error row', async () => {
      const r = await rows(t.tree);
      return r.length === 1 && r[0].contextValue === 'edgit:message;error' ? r : undefined;
    });
    assert.match(tooltipText(broken[0].item), /unexpected line in \.git\/packed-refs/);

    await t.registry.repositories()[0].withMutedWatcher(async () => writeFileSync(packed, good));
    const again = await rows(t.tree);
    assert.deepStrictEqual(again.map((r) => r.label), ['prompts'], 'the failure was not cached');
  });

  it('refreshes after an outside git tag -f, once per burst, and keeps node ids', async () => {
    const { repo } = edgitRepo('outside');
    const t = setup([repo.dir]);
    disposables.push(t.dispose);
    const before = row(await rowsAt(t.tree, ['prompts', 'extraction']), 'production');
    await watchersSettled();
    let changes = 0;
    const counter = t.registry.onDidChangeRepository(() => changes++);
    disposables.push(() => counter.dispose());

    repo.git('tag', '-f', '-a', '-m', 'Set extraction to production', `${KEY}/production`, `${KEY}/v1.1.0`);
    repo.setEnvLikeCli(KEY, 'staging', 'v1.1.0');
    const after = await waitFor('production at v1.1.0 and a staging row', async () => {
      const list = await rowsAt(t.tree, ['prompts', 'extraction']);
      return list.some((r) => r.label === 'staging') && row(list, 'production').description.startsWith('v1.1.0') ? list : undefined;
    });
    assert.strictEqual(row(after, 'production').item.id, before.item.id, 'stable id across refreshes');
    await new Promise((r) => setTimeout(r, 1000));
    assert.strictEqual(changes, 1, 'one refresh for a burst of outside tag writes');
  });

  it('reports a change of the deployment history (refs/edgit/) though no tag moved', async () => {
    const { repo } = edgitRepo('history');
    const t = setup([repo.dir]);
    disposables.push(t.dispose);
    await rows(t.tree);
    await watchersSettled();
    let changes = 0;
    const counter = t.registry.onDidChangeRepository(() => changes++);
    disposables.push(() => counter.dispose());
    repo.git('update-ref', 'refs/edgit/history', 'HEAD');
    await waitFor('a change event', () => changes > 0);
  });

  it('a check for outside changes (the window regaining focus) sees a bad mark the watcher missed', async () => {
    const { repo } = edgitRepo('unseen-mark');
    const t = setup([repo.dir]);
    disposables.push(t.dispose);
    await rowsAt(t.tree, ['prompts', 'extraction']);
    await watchersSettled();
    const repository = t.registry.repositories()[0];
    assert.strictEqual((await repository.badMarks()).get(KEY, 'v1.0.0'), null, 'no mark yet (and the marks shown are read)');
    // The watcher misses the write (watchers coalesce and drop events): stopped while it happens.
    const watcher = (repository as unknown as { watcher: { mute(): void; unmute(): void } }).watcher;
    watcher.mute();
    try {
      await recordMarks(new Git(repo.dir), [markDraft({ key: KEY, id: 'prompts/extraction' }, { version: 'v1.0.0', commit: repo.peeled(`${KEY}/v1.0.0`) }, 'mark-bad', 'wrong totals')]);
      await new Promise((r) => setTimeout(r, 800)); // past the watcher's debounce: its event is gone
    } finally {
      watcher.unmute();
    }
    assert.doesNotMatch(row(await rowsAt(t.tree, ['prompts', 'extraction']), 'v1.0.0').contextValue, /;bad\b/, 'unseen so far');
    repository.checkForOutsideChanges();
    await waitFor('the version row marked bad', async () => /;bad\b/.test(row(await rowsAt(t.tree, ['prompts', 'extraction']), 'v1.0.0').contextValue));
    assert.match(tooltipText(row(await rowsAt(t.tree, ['prompts', 'extraction']), 'v1.0.0').item), /"wrong totals"/);
  });

  it('refreshes once for our own writes made with the watcher muted', async () => {
    const { repo } = edgitRepo('muted');
    const t = setup([repo.dir]);
    disposables.push(t.dispose);
    await rowsAt(t.tree, ['prompts', 'extraction']);
    const repository = t.registry.repositories()[0];
    let changes = 0;
    const counter = repository.onDidChange(() => changes++);
    disposables.push(() => counter.dispose());
    await repository.withMutedWatcher(async () => {
      repo.setEnvLikeCli(KEY, 'staging', 'v1.0.0');
      repo.setEnvLikeCli(KEY, 'canary', 'v1.1.0');
      await new Promise((r) => setTimeout(r, 500)); // the watcher sees these while muted
    });
    await new Promise((r) => setTimeout(r, 1500));
    assert.strictEqual(changes, 1);
    const labels = (await rowsAt(t.tree, ['prompts', 'extraction'])).map((r) => r.label);
    assert.deepStrictEqual(labels.slice(0, 3), ['production', 'staging', 'canary']);
  });

  it('shows drift against the bare remote: a local move not pushed, then a move by someone else', async () => {
    const { repo, remote } = edgitRepo('drift');
    const t = setup([repo.dir]);
    disposables.push(t.dispose);
    await t.registry.ready();
    const repository = t.registry.repositories()[0];
    const production = async () => row(await rowsAt(t.tree, ['prompts', 'extraction']), 'production');

    assert.strictEqual((await repository.drift())?.get(`${KEY}/production`), 'in-sync');
    assert.doesNotMatch((await production()).contextValue, /drift/);
    await watchersSettled();

    repo.git('tag', '-f', '-a', '-m', 'Set extraction to production', `${KEY}/production`, `${KEY}/v1.1.0`);
    const unpushed = await waitFor('production marked not pushed', async () => {
      const r = await production();
      return /;drift;unpushed/.test(r.contextValue) ? r : undefined;
    });
    // Drift right after what is live: at the side bar's default width, truncation drops who and when first.
    assert.match(unpushed.description, /^v1\.1\.0 · not pushed · \d\d:\d\d today by Ana$/);
    assert.match(tooltipText(unpushed.item), /not pushed/);
    const component = row(await rowsAt(t.tree, ['prompts']), 'extraction');
    assert.strictEqual(component.contextValue, 'edgit:component;recent;drift');

    // Back in sync, then a teammate moves production on the remote.
    repo.git('push', '-q', '--force', 'origin', `refs/tags/${KEY}/production`);
    repository.refresh({ drift: true });
    await waitFor('production in sync again', async () => !/drift/.test((await production()).contextValue));
    const ben = TestRepo.clone(remote, tempDir('edgit-tree-ben-'));
    ben.setEnvLikeCli(KEY, 'production', 'v1.0.0');
    ben.git('push', '-q', '--force', 'origin', `refs/tags/${KEY}/production`);
    repository.refresh({ drift: true });
    const moved = await waitFor('production marked moved on the remote', async () => {
      const r = await production();
      return /;drift;remoteMoved/.test(r.contextValue) ? r : undefined;
    });
    assert.match(moved.description, /^v1\.1\.0 · moved on remote · /);
  });

  it('repaints for drift without replacing the top levels, and not at all without a remote', async () => {
    const { repo } = edgitRepo('repaint');
    const t = setup([repo.dir]);
    disposables.push(t.dispose);
    const before = await t.tree.getChildren();
    await rowsAt(t.tree, ['prompts', 'extraction']); // peeks the drift: computed in the background
    await waitFor('the drift', () => t.registry.repositories()[0].peekDrift());
    const after = await t.tree.getChildren();
    assert.strictEqual(after[0], before[0], 'namespace nodes survive a drift repaint (a reveal through them stays valid)');

    const local = TestRepo.init(tempDir('edgit-tree-noremote-'));
    local.commitFile('components/prompts/extraction.md', 'x\n');
    local.tagVersion(KEY, 'v1.0.0');
    local.setEnvLikeCli(KEY, 'production', 'v1.0.0');
    const u = setup([local.dir]);
    disposables.push(u.dispose);
    await rowsAt(u.tree, ['prompts', 'extraction']);
    let repaints = 0;
    const counter = u.tree.onDidChangeTreeData(() => repaints++);
    disposables.push(() => counter.dispose());
    assert.strictEqual(await u.registry.repositories()[0].drift(), undefined);
    await new Promise((r) => setTimeout(r, 500));
    assert.strictEqual(repaints, 0, 'no remote: no drift, nothing to repaint');
  });

  it('marks legacy components and hides them when edgit.showLegacyTags is false', async () => {
    const { repo } = edgitRepo('legacy');
    repo.git('tag', '-a', '-m', 'old', 'prompts/old-prompt/v1.0.0', 'HEAD');
    const t = setup([repo.dir]);
    disposables.push(t.dispose);
    const old = row(await rowsAt(t.tree, ['prompts']), 'old-prompt');
    assert.strictEqual(old.contextValue, 'edgit:component;legacy');
    assert.match(old.description, /legacy/);
    assert.match(row(await rowsAt(t.tree, ['prompts', 'old-prompt']), 'v1.0.0').contextValue, /;legacy/);
    t.host.setSettings({ showLegacyTags: false });
    assert.deepStrictEqual((await rowsAt(t.tree, ['prompts'])).map((r) => r.label), ['extraction']);
  });

  it('filters components by name and reports how many are shown', async () => {
    const { repo } = edgitRepo('filter');
    repo.tagVersion('components/configs/limits', 'v1.0.0');
    const t = setup([repo.dir]);
    disposables.push(t.dispose);
    assert.deepStrictEqual((await rows(t.tree)).map((r) => r.label), ['configs', 'prompts']);
    t.tree.setFilter('EXTR');
    assert.deepStrictEqual((await rows(t.tree)).map((r) => r.label), ['prompts']);
    assert.deepStrictEqual([t.tree.status.shownComponents, t.tree.status.filter], [1, 'EXTR']);
    t.tree.setFilter('nothing-like-this');
    assert.deepStrictEqual(await rows(t.tree), []);
    assert.deepStrictEqual([t.tree.status.state, t.tree.status.shownComponents], ['ready', 0]);
    t.tree.setFilter('');
    assert.strictEqual((await rows(t.tree)).length, 2);
    assert.strictEqual(t.tree.status.filter, undefined);
  });

  it('paints the first level from the component names the caches remember, then confirms it against the snapshot', async () => {
    const { repo } = edgitRepo('names');
    // An earlier window remembered the listing; then a component was added in another namespace.
    const earlier = new Git(repo.dir);
    await loadSnapshot(earlier, { rememberListing: true });
    await earlier.caches.flush();
    repo.commitFile('components/agents/router.md', 'r1\n', 'Add router');
    repo.tagVersion('components/agents/router', 'v1.0.0');
    const t = setup([repo.dir]);
    disposables.push(t.dispose);
    const git = recordGit(repo.dir);
    disposables.push(git.dispose);
    const first = await rows(t.tree);
    // Painted from the names remembered: the new namespace is not there yet, and no tag was read for it.
    assert.deepStrictEqual(first.map((r) => [r.label, r.description]), [['prompts', '1']]);
    assert.deepStrictEqual(git.commands.filter((c) => c[0] === 'for-each-ref'), [], 'no tag read before the first level');
    // The snapshot read right after shows another component: the tree is rebuilt from it.
    const confirmed = await waitFor('the tree rebuilt from the snapshot', async () => {
      const top = await rows(t.tree);
      return top.length === 2 ? top : undefined;
    });
    assert.deepStrictEqual(confirmed.map((r) => [r.label, r.description]), [['agents', '1'], ['prompts', '1']]);
    assert.strictEqual(row(await rowsAt(t.tree, ['prompts']), 'extraction').description, 'production v1.0.0 · newest v1.1.0');
    assert.deepStrictEqual((await rowsAt(t.tree, ['agents'])).map((r) => [r.label, r.description]), [['router', 'not deployed · newest v1.0.0']]);
  });

  it('a first level painted from names that shows nothing is confirmed too (only hidden legacy components were remembered)', async () => {
    const parent = tempDir('edgit-tree-hidden-');
    const repo = TestRepo.init(path.join(parent, 'hidden'));
    repo.commitFile('prompts/old.md', 'old\n', 'Add old');
    repo.git('tag', '-a', '-m', 'old', 'prompts/old-prompt/v1.0.0', 'HEAD');
    const earlier = new Git(repo.dir);
    await loadSnapshot(earlier, { rememberListing: true });
    await earlier.caches.flush();
    repo.tagVersion(KEY, 'v1.0.0');
    const t = setup([repo.dir]);
    disposables.push(t.dispose);
    t.host.setSettings({ showLegacyTags: false });
    assert.deepStrictEqual(await rows(t.tree), [], 'painted from the names remembered: no visible component');
    const confirmed = await waitFor('the tree rebuilt from the snapshot', async () => {
      const top = await rows(t.tree);
      return top.length ? top : undefined;
    });
    assert.deepStrictEqual(confirmed.map((r) => r.label), ['prompts']);
    assert.deepStrictEqual((await rowsAt(t.tree, ['prompts'])).map((r) => r.label), ['extraction']);
    assert.strictEqual(t.statuses.at(-1)?.state, 'ready');
  });

  it('finds a node for reveal (same object as the view got)', async () => {
    const { repo } = edgitRepo('reveal');
    const t = setup([repo.dir]);
    disposables.push(t.dispose);
    const shown = row(await rowsAt(t.tree, ['prompts', 'extraction']), 'v1.0.0').node;
    const found = await t.tree.findNode(repo.dir, KEY, { version: 'v1.0.0' });
    assert.strictEqual(found, shown);
    assert.strictEqual(t.tree.getParent(found)?.kind, 'component');
  });
});
