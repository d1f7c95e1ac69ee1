// The extension as activated in the fixture workspace (single or multi root): its Components
// view, welcome state, filter, refresh after an outside `git tag`, status bar, contributions.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import type { WelcomeState } from '../../src/extension/tree/componentTreeProvider';
import { requireTestFixture } from '../harness/testEnvironment';
import { EXTENSION_ID, edgitApi, waitFor } from './support/edgitApi';
import { row, rows, rowsAt } from './support/treeRows';

const KEY = 'components/prompts/extraction';

describe('Components view (fixture workspace)', function () {
  this.timeout(60_000);

  it('knows every git repository of the workspace and shows the Edgit one without a repository level', async () => {
    const { folders, edgit } = requireTestFixture();
    const api = await edgitApi();
    await api.services.ready();
    assert.deepStrictEqual(api.services.repositories().map((r) => r.root), folders);
    assert.deepStrictEqual((await rows(api.tree)).map((r) => [r.label, r.contextValue]), [['prompts', 'edgit:namespace']]);
    const children = await rowsAt(api.tree, ['prompts', 'extraction']);
    assert.deepStrictEqual(children.map((r) => r.label), ['production', 'v1.1.0', 'v1.0.0']);
    assert.match(row(children, 'production').description, /^v1\.0\.0 · .+ ago by Ana$/);
    assert.strictEqual(row(children, 'v1.0.0').description, 'production');
    assert.strictEqual(api.services.repositoryFor(vscode.Uri.file(path.join(edgit.repo, edgit.component.path)))?.root, edgit.repo);
    assert.strictEqual(api.lastPublishedStatus()?.state, 'ready');
  });

  it('opens in its own activity bar container', async () => {
    const api = await edgitApi();
    await vscode.commands.executeCommand('workbench.view.extension.edgit');
    await waitFor('the Components view to be visible', () => api.treeView.visible);
  });

  it('shows a tag written outside VS Code, and its removal, without a manual refresh', async () => {
    const { edgit } = requireTestFixture();
    const api = await edgitApi();
    await rowsAt(api.tree, ['prompts', 'extraction']);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: edgit.repo, stdio: 'pipe' });
    await new Promise((r) => setTimeout(r, 2500)); // watchers up
    git('tag', '-f', '-a', '-m', 'Set extraction to staging', `${KEY}/staging`, `${KEY}/v1.1.0`);
    try {
      const list = await waitFor('a staging row', async () => {
        const r = await rowsAt(api.tree, ['prompts', 'extraction']);
        return r.some((x) => x.label === 'staging') ? r : undefined;
      });
      assert.deepStrictEqual(list.map((r) => r.label), ['production', 'staging', 'v1.1.0', 'v1.0.0']);
      assert.strictEqual(row(list, 'v1.1.0').description, 'staging');
    } finally {
      git('tag', '-d', `${KEY}/staging`);
    }
    await waitFor('the staging row to go', async () => !(await rowsAt(api.tree, ['prompts', 'extraction'])).some((x) => x.label === 'staging'));
  });

  it('filters with edgit.filterComponents and clears with edgit.clearFilter', async () => {
    const api = await edgitApi();
    await vscode.commands.executeCommand('edgit.filterComponents', 'no-such-component');
    assert.deepStrictEqual(await api.tree.getChildren(), []);
    assert.strictEqual(api.treeView.description, 'filter: no-such-component');
    assert.strictEqual(api.treeView.message, 'No component matches "no-such-component".');
    await vscode.commands.executeCommand('edgit.filterComponents', 'extraction');
    assert.strictEqual((await api.tree.getChildren()).length, 1);
    assert.strictEqual(api.treeView.message, 'Showing 1 component matching "extraction".');
    await vscode.commands.executeCommand('edgit.clearFilter');
    assert.strictEqual(api.treeView.description, undefined);
    assert.strictEqual(api.treeView.message, undefined);
    assert.strictEqual(api.lastPublishedStatus()?.filter, undefined);
  });

  it('refreshes with edgit.refresh', async () => {
    const api = await edgitApi();
    await vscode.commands.executeCommand('edgit.refresh');
    assert.deepStrictEqual((await rows(api.tree)).map((r) => r.label), ['prompts']);
  });

  it('shows the component of the active editor in the status bar, and its click runs edgit.rollback with the component', async () => {
    const { edgit } = requireTestFixture();
    const api = await edgitApi();
    const file = vscode.Uri.file(path.join(edgit.repo, edgit.component.path));
    await vscode.window.showTextDocument(file);
    await waitFor('the status bar item', () => api.statusBar.shown);
    assert.deepStrictEqual(api.statusBar.shown, { repositoryRoot: edgit.repo, componentKey: KEY });
    assert.strictEqual(api.statusBar.item.text, '$(tag) production v1.0.0');
    assert.strictEqual(api.statusBar.item.command && typeof api.statusBar.item.command !== 'string' && api.statusBar.item.command.command, 'edgit.rollback');
    assert.deepStrictEqual((api.statusBar.item.command as vscode.Command).arguments, [{ repositoryRoot: edgit.repo, componentKey: KEY }]);

    const other = await vscode.workspace.openTextDocument({ content: 'not a component', language: 'plaintext' });
    await vscode.window.showTextDocument(other);
    await waitFor('the item to hide', () => api.statusBar.shown === undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('contributes the view, its welcome content for every empty state, settings and title buttons', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      activationEvents?: string[];
      contributes: {
        viewsContainers: { activitybar: { id: string; icon: string }[] };
        views: Record<string, { id: string }[]>;
        viewsWelcome: { view: string; when: string; contents: string }[];
        configuration: { properties: Record<string, { default: unknown; markdownDescription?: string }> };
        menus: Record<string, { command: string; when?: string }[]>;
      };
    };
    const c = pkg.contributes;
    assert.ok(!(pkg.activationEvents ?? []).includes('*'));
    assert.ok(c.viewsContainers.activitybar.some((v) => v.id === 'edgit' && v.icon === 'media/edgit.svg'));
    assert.deepStrictEqual(c.views.edgit.map((v) => v.id), ['edgit.components']);
    const empty: WelcomeState[] = ['untrusted', 'noFolder', 'noGit', 'noTags'];
    for (const state of empty) {
      assert.ok(
        c.viewsWelcome.some((w) => w.view === 'edgit.components' && w.when === `edgit.state == ${state}`),
        `no welcome content for ${state}`,
      );
    }
    const welcome = (state: string) => c.viewsWelcome.find((w) => w.when === `edgit.state == ${state}`)!.contents;
    assert.match(welcome('untrusted'), /\(command:workbench\.trust\.manage\)/);
    assert.match(welcome('noTags'), /git tag -a components\/prompts\/extraction\/v1\.0\.0 -m "Release extraction v1\.0\.0"/);
    assert.match(welcome('noTags'), /\(command:edgit\.createVersion\)/);
    const props = c.configuration.properties;
    assert.deepStrictEqual(
      Object.fromEntries(Object.entries(props).map(([k, v]) => [k, v.default])),
      {
        'edgit.remote': 'origin',
        'edgit.pushMode': 'ask',
        'edgit.protectedEnvironments': ['production'],
        'edgit.environmentOrder': ['production', 'staging', 'canary'],
        'edgit.rolloutOrder': ['canary', 'staging', 'production'],
        'edgit.showLegacyTags': true,
        'edgit.deployWatchMinutes': 10,
        'edgit.deployWatchPollSeconds': 15,
        'edgit.references.include': [],
        'edgit.references.exclude': [],
      },
    );
    assert.ok(Object.values(props).every((p) => p.markdownDescription));
    const titleCommands = c.menus['view/title'].filter((m) => m.when?.startsWith('view == edgit.components')).map((m) => m.command);
    for (const id of ['edgit.refresh', 'edgit.fetchEnvironmentTags', 'edgit.filterComponents', 'edgit.clearFilter']) {
      assert.ok(titleCommands.includes(id), `${id} missing from the view title`);
    }
  });
});
