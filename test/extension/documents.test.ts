// The read-only `edgit:` file system: content at a version, environment or commit (binary-safe),
// missing files, tab titles, read-only-ness, and environment documents that follow their
// environment when it moves (in the fixture workspace, through the registered commands).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { documentUri, fromEdgitUri } from '../../src/extension/documents';
import { requireTestFixture } from '../harness/testEnvironment';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';
import { edgitApi, waitFor } from './support/edgitApi';
import { CommandsSetup, EXTRACTION, EXTRACTION_FILE, commandsSetup } from './support/commandsSetup';

const decode = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

describe('Documents (edgit: file system)', function () {
  this.timeout(60_000);
  let t: CommandsSetup;
  before(() => edgitApi());
  beforeEach(async () => {
    t = await commandsSetup({}, 'docs');
  });
  afterEach(async () => {
    t.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(() => cleanupTempDirs());

  const repository = () => t.registry.repositories()[0];
  const component = async (key: string) => (await repository().snapshot()).get(key)!;

  it('serves a component at a version, an environment and a commit, exactly as git has it', async () => {
    const extraction = await component(EXTRACTION);
    const v1 = await documentUri(repository(), extraction, { kind: 'version', ref: 'v1.0.0' });
    const production = await documentUri(repository(), extraction, { kind: 'environment', ref: 'production' });
    const commit = t.repo.peeled(`${EXTRACTION}/v1.2.0-rc.1`)!;
    const atCommit = await documentUri(repository(), extraction, { kind: 'commit', ref: commit });
    assert.strictEqual(decode(await vscode.workspace.fs.readFile(v1)), t.repo.git('show', `${EXTRACTION}/v1.0.0:${EXTRACTION_FILE}`) + '\n');
    assert.strictEqual(decode(await vscode.workspace.fs.readFile(production)), '# Extraction v2\n');
    assert.strictEqual(decode(await vscode.workspace.fs.readFile(atCommit)), '# Extraction v3 (rc)\n');
    // the path is the component's file (language mode), the query says what the title shows
    assert.strictEqual(v1.path, vscode.Uri.file(`${t.repo.dir}/${EXTRACTION_FILE}`).path);
    assert.deepStrictEqual(
      [fromEdgitUri(v1)?.label, fromEdgitUri(production)?.label, fromEdgitUri(atCommit)?.label],
      ['v1.0.0', 'production → v1.1.0', `${commit.slice(0, 10)} · v1.2.0-rc.1`],
    );
    const doc = await vscode.workspace.openTextDocument(v1);
    assert.strictEqual(doc.languageId, 'markdown');
  });

  it('is binary-safe', async () => {
    const bytes = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 0x0a, 0x0d, 0x00, 0xc3, 0x28]);
    t.repo.commitFile('components/templates/logo.png', bytes, 'Add logo');
    t.repo.tagVersion('components/templates/logo', 'v1.0.0');
    t.registry.refreshAll();
    const logo = await component('components/templates/logo');
    const uri = await documentUri(repository(), logo, { kind: 'version', ref: 'v1.0.0' });
    assert.ok(uri.path.endsWith('/components/templates/logo.png'));
    assert.deepStrictEqual(Buffer.from(await vscode.workspace.fs.readFile(uri)), bytes);
  });

  it('reads a version without the file as empty, and says so in the title', async () => {
    t.repo.tagVersion('components/prompts/ghost', 'v1.0.0');
    t.registry.refreshAll();
    const ghost = await component('components/prompts/ghost');
    const uri = await documentUri(repository(), ghost, { kind: 'version', ref: 'v1.0.0' });
    assert.strictEqual(fromEdgitUri(uri)?.label, 'v1.0.0 · no file');
    assert.strictEqual((await vscode.workspace.fs.readFile(uri)).byteLength, 0);
    await vscode.commands.executeCommand('vscode.open', uri);
    await waitFor('the ghost tab', () => vscode.window.tabGroups.activeTabGroup.activeTab?.label === 'ghost (v1.0.0 · no file)');
    // an environment that does not exist reads as empty too
    const extraction = await component(EXTRACTION);
    const nowhere = await documentUri(repository(), extraction, { kind: 'environment', ref: 'nowhere' });
    assert.strictEqual(fromEdgitUri(nowhere)?.label, 'nowhere · no such environment');
    assert.strictEqual((await vscode.workspace.fs.readFile(nowhere)).byteLength, 0);
  });

  it('is read-only', async () => {
    const uri = await documentUri(repository(), await component(EXTRACTION), { kind: 'version', ref: 'v1.0.0' });
    const stat = await vscode.workspace.fs.stat(uri);
    assert.strictEqual(stat.permissions, vscode.FilePermission.Readonly);
    await assert.rejects(() => Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from('x'))));
    await assert.rejects(() => Promise.resolve(vscode.workspace.fs.delete(uri)));
    await assert.rejects(() => Promise.resolve(vscode.workspace.fs.readFile(uri.with({ query: '' }))), 'a URI without its query is not found');
  });
});

describe('Documents (fixture workspace, registered commands)', function () {
  this.timeout(60_000);

  it('an open environment document follows its environment through deploy and undo', async () => {
    const { edgit } = requireTestFixture();
    const repo = new TestRepo(edgit.repo);
    const refsBefore = repo.allRefs();
    const production = `${edgit.component.key}/production`;
    try {
      const opened = await vscode.commands.executeCommand<{ status: string; uri: string; label: string }>('edgit.openEnvironment', {
        repositoryRoot: edgit.repo,
        componentKey: 'prompts/extraction',
        environment: 'production',
      });
      assert.strictEqual(opened.status, 'done', JSON.stringify(opened));
      assert.strictEqual(vscode.window.tabGroups.activeTabGroup.activeTab?.label, 'extraction.md (production → v1.0.0)');
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(opened.uri));
      assert.strictEqual(doc.getText(), '# Extraction\n\nExtract the invoice number.\n');

      const deployed = await vscode.commands.executeCommand<{ status: string; moves: string[] }>('edgit.deployVersion', {
        repositoryRoot: edgit.repo,
        componentKey: 'prompts/extraction',
        environment: 'production',
        version: 'v1.1.0',
        push: false,
        confirm: true,
      });
      assert.deepStrictEqual(deployed.status === 'done' && deployed.moves, ['prompts/extraction · production: v1.0.0 → v1.1.0'], JSON.stringify(deployed));
      await waitFor('the document to show v1.1.0', () => doc.getText() === '# Extraction\n\nExtract the invoice number and the total.\n');

      const undone = await vscode.commands.executeCommand<{ status: string }>('edgit.undo', { repositoryRoot: edgit.repo, confirm: true });
      assert.strictEqual(undone.status, 'done', JSON.stringify(undone));
      assert.strictEqual(repo.peeled(production), edgit.commits.v1);
      await waitFor('the document to show v1.0.0 again', () => doc.getText() === '# Extraction\n\nExtract the invoice number.\n');

      const copied = await vscode.commands.executeCommand<{ reference: string }>('edgit.copyReference', vscode.Uri.parse(opened.uri));
      assert.strictEqual(copied.reference, 'prompts/extraction@production');
    } finally {
      // leave the shared fixture exactly as it was for the suites that follow
      const after = repo.allRefs();
      for (const [ref, value] of after) if (!refsBefore.has(ref)) repo.git('update-ref', '-d', ref, value);
      for (const [ref, value] of refsBefore) if (after.get(ref) !== value) repo.git('update-ref', ref, value);
      await vscode.commands.executeCommand('edgit.refresh');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
    assert.strictEqual(repo.refValue(production), edgit.tags[production]);
  });
});
