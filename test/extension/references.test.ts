// Component references in ensembles, in the editor: hover, Ctrl+click / F12 (the version's
// content, read-only), Shift+F12, diagnostics with their severities, quick fixes applied, unsaved
// edits and a rollback of production reflected in the diagnostics; an untrusted folder is parsed
// and never resolved (no git). Over a team repository built for each test, with its own registry.
import * as assert from 'assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Git } from '../../src/engine';
import { fromEdgitUri } from '../../src/extension/documents';
import { registerReferences } from '../../src/extension/references';
import { RepositoryRegistry } from '../../src/extension/repositoryRegistry';
import { cleanupTempDirs } from '../helpers/gitRepo';
import { CommandsSetup, EXTRACTION, commandsSetup, expectDone, teamRepository } from './support/commandsSetup';
import { edgitApi, waitFor } from './support/edgitApi';
import { TestHost } from './support/testHost';
import { withDialogs } from './support/dialogs';
import { row, rowsAt, tooltipText } from './support/treeRows';
import { ComponentTreeProvider } from '../../src/extension/tree/componentTreeProvider';

const REVIEW = [
  'name: review',
  'flow:',
  '  - agent: extract',
  '    prompt: prompts/extraction@production',
  '  - agent: trial',
  '    prompt: prompts/extraction@v1.2.0-rc.1',
  '  - agent: canary',
  '    prompt: prompts/extraction@canary',
  '  - agent: legacy',
  '    prompt: "prompt://extraction@v1.1.0"',
  '  - agent: limits',
  '    config: configs/limits@v1',
  '',
].join('\n');
const BROKEN = 'name: broken\nprompt: prompts/extraction@production\n  oops: [\n';

/** A position inside the value on a line of REVIEW. */
const at = (line: number) => new vscode.Position(line, 20);

function writeEnsembles(root: string): { review: vscode.Uri; broken: vscode.Uri } {
  mkdirSync(path.join(root, 'ensembles'), { recursive: true });
  writeFileSync(path.join(root, 'ensembles', 'review.yaml'), REVIEW);
  writeFileSync(path.join(root, 'ensembles', 'broken.yaml'), BROKEN);
  return { review: vscode.Uri.file(path.join(root, 'ensembles', 'review.yaml')), broken: vscode.Uri.file(path.join(root, 'ensembles', 'broken.yaml')) };
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  // Markdown escapes (`v1\.1\.0`) removed, to read it as shown.
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n').replace(/\\(.)/g, '$1');
}

/** The argument of a command link of a hover. */
function linkArgument(hover: string, command: string): unknown {
  const m = new RegExp(`\\(command:${command.replace('.', '\\.')}\\?([^)]+)\\)`).exec(hover);
  assert.ok(m, `no ${command} link`);
  return JSON.parse(decodeURIComponent(m[1]));
}

const SEVERITY = ['error', 'warning', 'information', 'hint'];

/** `line:severity:code` of each diagnostic of a file, by line. */
function diagnosticsOf(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'Edgit')
    .map((d) => `${d.range.start.line}:${SEVERITY[d.severity]}:${typeof d.code === 'object' ? String(d.code.value) : String(d.code)}`)
    .sort((a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b));
}

async function waitForDiagnostics(uri: vscode.Uri, expected: string[]): Promise<void> {
  await waitFor(`diagnostics ${expected.join(', ')} (have ${diagnosticsOf(uri).join(', ')})`, () => JSON.stringify(diagnosticsOf(uri)) === JSON.stringify(expected));
}

function messageOf(uri: vscode.Uri, line: number, code: string): string | undefined {
  return vscode.languages.getDiagnostics(uri).find((d) => d.range.start.line === line && d.code === code)?.message;
}

async function quickFixes(uri: vscode.Uri, position: vscode.Position): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(position, position));
  return actions.filter((a) => a.kind?.value === vscode.CodeActionKind.QuickFix.value && a.edit);
}

describe('References in ensembles (hover, definitions, diagnostics, quick fixes)', function () {
  this.timeout(60_000);
  let t: CommandsSetup;
  let features: vscode.Disposable;
  let files: { review: vscode.Uri; broken: vscode.Uri };
  before(() => edgitApi());
  beforeEach(async () => {
    t = await commandsSetup({}, 'refs');
    expectDone(
      await t.run('edgit.markVersionBad', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, version: 'v1.2.0-rc.1', reason: 'invents totals', push: false, confirm: true }),
    );
    files = writeEnsembles(t.repo.dir);
    features = registerReferences(t.registry);
  });
  afterEach(async () => {
    features.dispose();
    t.dispose();
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(() => cleanupTempDirs());

  const REVIEW_DIAGNOSTICS = [
    '5:information:pinned-differs',
    '5:warning:bad-version',
    '7:error:missing-slot',
    '9:information:legacy-form',
    '11:error:missing-slot',
  ];

  it('the repository owns one index: repo.references() lists the references, in scope, with 1-based positions', async () => {
    const repo = t.registry.repositories()[0];
    const index = await repo.references();
    assert.strictEqual(await repo.references(), index, 'the same index is shared');
    assert.deepStrictEqual(
      index.references().map((s) => `${s.file}:${s.line}:${s.column} ${s.reference.canonical}`),
      [
        'ensembles/review.yaml:4:13 prompts/extraction@production',
        'ensembles/review.yaml:6:13 prompts/extraction@v1.2.0-rc.1',
        'ensembles/review.yaml:8:13 prompts/extraction@canary',
        'ensembles/review.yaml:10:14 prompts/extraction@v1.1.0',
        'ensembles/review.yaml:12:13 configs/limits@v1',
      ],
    );
    assert.deepStrictEqual(index.problems().map((p) => p.file), ['ensembles/broken.yaml']);
  });

  it('hovers say what a reference resolves to, its version, tagger, bad mark, content and links', async () => {
    const production = await hoverText(files.review, at(3));
    assert.match(production, /production → v1\.1\.0/);
    assert.match(production, /2025-02-20/);
    assert.match(production, /# Extraction v2/, 'the first lines of the version');
    assert.match(production, /\[Open Version\]\(command:edgit\.openVersion\?/);
    assert.doesNotMatch(production, /Compare with What Production Serves/, 'no comparison of production with itself');

    const pinned = await hoverText(files.review, at(5));
    assert.match(pinned, /pinned v1\.2\.0-rc\.1/);
    assert.match(pinned, /v1\.2\.0-rc\.1 · 2025-03-01 · .+ <.+@.+> · \$\(warning\) \*\*marked bad\*\*: "invents totals"/);
    assert.match(pinned, /# Extraction v3 \(rc\)/);
    assert.match(pinned, /\[Compare with What Production Serves\]\(command:edgit\.compareWith\?/);
    // The links run the tree's commands on this version.
    const opened = expectDone<{ label: string }>(await t.run('edgit.openVersion', linkArgument(production, 'edgit.openVersion')));
    assert.strictEqual(opened.label, 'v1.1.0');
    const compared = expectDone<{ title: string }>(await t.run('edgit.compareWith', linkArgument(pinned, 'edgit.compareWith')));
    assert.strictEqual(compared.title, 'extraction.md (production ↔ v1.2.0-rc.1)');

    const canary = await hoverText(files.review, at(7));
    assert.match(canary, /Conductor finds nothing/);
    assert.doesNotMatch(canary, /command:/, 'nothing to open');

    const partial = await hoverText(files.review, at(11));
    assert.match(partial, /Conductor finds nothing/);
    assert.match(partial, /The tags would allow v1\.1\.0 for v1, but Conductor matches the slot exactly/);

    assert.strictEqual(await hoverText(files.review, new vscode.Position(0, 3)), '', 'no hover off a reference');
  });

  it('Ctrl+click / F12 opens the version a reference loads, read-only, titled like the tree documents', async () => {
    const target = async (position: vscode.Position) => {
      const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', files.review, position);
      assert.strictEqual(defs.length, 1);
      const d = defs[0];
      return 'targetUri' in d ? d.targetUri : d.uri;
    };
    const production = await target(at(3));
    assert.strictEqual(fromEdgitUri(production)?.label, 'production → v1.1.0');
    assert.strictEqual(Buffer.from(await vscode.workspace.fs.readFile(production)).toString('utf8'), '# Extraction v2\n');
    const pinned = await target(at(5));
    assert.strictEqual(fromEdgitUri(pinned)?.label, 'v1.2.0-rc.1');
    const doc = await vscode.workspace.openTextDocument(pinned);
    assert.strictEqual(doc.getText(), '# Extraction v3 (rc)\n');
    const missing = await vscode.commands.executeCommand<unknown[]>('vscode.executeDefinitionProvider', files.review, at(7));
    assert.strictEqual(missing.length, 0, 'a missing slot opens nothing');

    const references = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', files.review, at(3));
    assert.deepStrictEqual(references.map((l) => l.range.start.line).sort((a, b) => a - b), [3, 5, 7, 9], 'Shift+F12: every reference to prompts/extraction');
  });

  it('diagnostics: severities and messages, one for a malformed file', async () => {
    await waitForDiagnostics(files.review, REVIEW_DIAGNOSTICS);
    await waitForDiagnostics(files.broken, ['1:error:unreadable-yaml']);
    assert.match(messageOf(files.review, 7, 'missing-slot')!, /Conductor finds nothing/);
    assert.match(messageOf(files.review, 5, 'bad-version')!, /invents totals/);
    assert.match(messageOf(files.review, 5, 'pinned-differs')!, /a rollback or deploy of production, staging does not change this/);
    assert.match(messageOf(files.review, 9, 'legacy-form')!, /write prompts\/extraction@v1\.1\.0/);
    assert.match(messageOf(files.broken, 1, 'unreadable-yaml')!, /^Not readable as YAML/);
    assert.ok(!messageOf(files.broken, 1, 'unreadable-yaml')!.includes('\n    at '), 'no stack trace');
  });

  it('quick fixes edit the exact range: legacy form, a missing slot, a bad pin', async () => {
    const doc = await vscode.workspace.openTextDocument(files.review);
    await vscode.window.showTextDocument(doc);
    await waitForDiagnostics(files.review, REVIEW_DIAGNOSTICS);
    const apply = async (line: number, title: string) => {
      const fixes = await quickFixes(files.review, at(line));
      const fix = fixes.find((f) => f.title === title);
      assert.ok(fix, `no "${title}" among ${fixes.map((f) => f.title).join(', ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    };
    assert.deepStrictEqual((await quickFixes(files.review, at(7))).map((f) => f.title), ['Use prompts/extraction@production', 'Use prompts/extraction@staging']);
    await apply(9, 'Use prompts/extraction@v1.1.0');
    await apply(5, 'Follow production instead (prompts/extraction@production)');
    await apply(7, 'Use prompts/extraction@staging');
    assert.deepStrictEqual(doc.getText().split('\n').slice(3, 10), [
      '    prompt: prompts/extraction@production',
      '  - agent: trial',
      '    prompt: prompts/extraction@production',
      '  - agent: canary',
      '    prompt: prompts/extraction@staging',
      '  - agent: legacy',
      '    prompt: "prompts/extraction@v1.1.0"',
    ]);
    // The unsaved text is what the diagnostics describe now.
    assert.ok(doc.isDirty);
    await waitForDiagnostics(files.review, ['11:error:missing-slot']);
  });

  it('an unsaved edit, a save and a rollback of production update the diagnostics', async () => {
    const doc = await vscode.workspace.openTextDocument(files.review);
    await vscode.window.showTextDocument(doc);
    await waitForDiagnostics(files.review, REVIEW_DIAGNOSTICS);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(files.review, new vscode.Range(11, 12, 11, 29), 'configs/limits@production');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const afterEdit = REVIEW_DIAGNOSTICS.filter((d) => !d.startsWith('11:'));
    await waitForDiagnostics(files.review, afterEdit);
    assert.ok(await doc.save());
    await waitForDiagnostics(files.review, afterEdit);

    expectDone(
      await t.run('edgit.rollback', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'production', version: 'v1.0.0', reason: 'totals wrong', push: false, confirm: true }),
    );
    // The legacy pin to v1.1.0 is no longer what production serves.
    await waitForDiagnostics(files.review, [...afterEdit.slice(0, 4), '9:information:pinned-differs'].sort((a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b)));
    assert.match(messageOf(files.review, 5, 'pinned-differs')!, /production serves v1\.0\.0/);
    assert.match(await hoverText(files.review, at(3)), /production → v1\.0\.0/);
  });

  it('follows edgit.references.include and edgit.references.exclude', async () => {
    await waitForDiagnostics(files.review, REVIEW_DIAGNOSTICS);
    const repo = t.registry.repositories()[0];
    t.host.setSettings({ referencesExclude: ['ensembles/review.yaml'] });
    await waitForDiagnostics(files.review, []);
    assert.deepStrictEqual((await repo.references()).allFiles().map((f) => f.file), ['ensembles/broken.yaml']);
    const flow = vscode.Uri.file(path.join(t.repo.dir, 'flows', 'nightly.yaml'));
    await vscode.workspace.fs.writeFile(flow, Buffer.from('steps:\n  - prompt: prompts/extraction@canary\n'));
    t.host.setSettings({ referencesExclude: [], referencesInclude: ['flows/**/*.yaml'] });
    await waitForDiagnostics(flow, ['1:error:missing-slot']);
    await waitForDiagnostics(files.broken, []);
    assert.deepStrictEqual((await repo.references()).allFiles().map((f) => f.file), ['flows/nightly.yaml']);
  });

  it('a file deleted or created on disk updates the diagnostics', async () => {
    await waitForDiagnostics(files.broken, ['1:error:unreadable-yaml']);
    await vscode.workspace.fs.delete(files.broken);
    await waitForDiagnostics(files.broken, []);
    const extra = vscode.Uri.file(path.join(t.repo.dir, 'ensembles', 'extra.yml'));
    await vscode.workspace.fs.writeFile(extra, Buffer.from('prompt: prompts/nothing@production\n'));
    await waitForDiagnostics(extra, ['0:error:missing-component']);
  });
});

describe('References in an untrusted workspace', function () {
  this.timeout(60_000);
  after(() => cleanupTempDirs());

  it('are parsed and shown without running git: no resolution, the hover asks for trust', async () => {
    const { repo } = teamRepository('refs-untrusted');
    const files = writeEnsembles(repo.dir);
    const ran: string[][] = [];
    const stop = Git.onCommand((e) => {
      if (e.cwd === repo.dir || e.cwd.startsWith(repo.dir + path.sep)) ran.push([...e.args]);
    });
    const log = vscode.window.createOutputChannel('Edgit untrusted references test', { log: true });
    const host = new TestHost([repo.dir], false);
    const registry = new RepositoryRegistry(log, { host });
    await registry.start();
    const features = registerReferences(registry);
    try {
      await waitForDiagnostics(files.review, ['9:information:legacy-form']);
      await waitForDiagnostics(files.broken, ['1:error:unreadable-yaml']);
      const hover = await hoverText(files.review, at(3));
      assert.match(hover, /Trust this workspace to see what it resolves to/);
      assert.doesNotMatch(hover, /command:/);
      // Code actions are asked of an open document.
      await vscode.workspace.openTextDocument(files.review);
      const fixes = await quickFixes(files.review, at(9));
      assert.deepStrictEqual(fixes.map((f) => f.title), ['Use prompts/extraction@v1.1.0']);
      const defs = await vscode.commands.executeCommand<unknown[]>('vscode.executeDefinitionProvider', files.review, at(3));
      assert.strictEqual(defs.length, 0);
      assert.deepStrictEqual(ran, [], 'no git ran');
    } finally {
      stop();
      features.dispose();
      registry.dispose();
      host.dispose();
      log.dispose();
    }
  });
});

describe('References where versions are used: tree pin counts, Find References, pins a rollback leaves', function () {
  this.timeout(60_000);
  let t: CommandsSetup;
  let files: { review: vscode.Uri; broken: vscode.Uri };
  before(() => edgitApi());
  beforeEach(async () => {
    t = await commandsSetup({}, 'pins');
    files = writeEnsembles(t.repo.dir);
  });
  afterEach(async () => {
    t.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(() => cleanupTempDirs());

  it('a version row counts the references pinning it (painted again when an ensemble changes), and Find References lists them', async () => {
    const tree = new ComponentTreeProvider(t.registry);
    try {
      const description = async (version: string) => row(await rowsAt(tree, ['prompts', 'extraction']), version).description;
      // The index is built in the background; the expanded component is painted again when it is there.
      await waitFor('the rc counted', async () => (await description('v1.2.0-rc.1')) === '1 pin');
      assert.strictEqual(await description('v1.0.0'), '');
      assert.match(await description('v1.1.0'), /1 pin$/, 'the legacy prompt:// form pins v1.1.0 too');
      const rc = row(await rowsAt(tree, ['prompts', 'extraction']), 'v1.2.0-rc.1');
      assert.match(rc.contextValue ?? '', /\bpinned\b/);
      assert.match(tooltipText(rc.item), /Pinned by 1 reference in 1 file: a rollback or deploy of an environment does not change it\.[\s\S]*ensembles\/review\.yaml:6/);

      // A second ensemble pins the rc: the row says so without a refresh.
      writeFileSync(path.join(t.repo.dir, 'ensembles', 'trial.yaml'), 'name: trial\nprompt: prompts/extraction@v1.2.0-rc.1\n');
      await waitFor('two pins', async () => (await description('v1.2.0-rc.1')) === '2 pins');

      const pinned = expectDone(await t.run<{ references: { file: string; line: number }[] }>('edgit.findReferences', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, version: 'v1.2.0-rc.1' }));
      assert.deepStrictEqual(pinned.references.map((r) => `${r.file}:${r.line}`), ['ensembles/review.yaml:6', 'ensembles/trial.yaml:2']);
      assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, files.review.fsPath, 'the references are shown over the first of them');
      const all = expectDone(await t.run<{ references: { file: string; text: string }[] }>('edgit.findReferences', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION }));
      assert.deepStrictEqual(all.references.map((r) => r.text), [
        'prompts/extraction@production',
        'prompts/extraction@v1.2.0-rc.1',
        'prompts/extraction@canary',
        'prompt://extraction@v1.1.0',
        'prompts/extraction@v1.2.0-rc.1',
      ]);
      const none = expectDone(await t.run<{ references: unknown[] }>('edgit.findReferences', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, version: 'v1.0.0' }));
      assert.deepStrictEqual(none.references, []);
    } finally {
      tree.dispose();
    }
  });

  it('a rollback\'s confirmation lists the references that keep loading the version production leaves, and cancelling moves nothing', async () => {
    const { modals, result } = await withDialogs(
      () => undefined,
      () => t.run('edgit.rollback', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'production', version: 'v1.0.0' }),
    );
    assert.strictEqual(result.status, 'cancelled');
    const [modal] = modals;
    assert.strictEqual(modal.message, 'Roll Back prompts/extraction · production: v1.1.0 → v1.0.0?');
    assert.match(modal.detail, /Pinned, so not changed by this:\n\u00a0{4}1 ensemble pins v1\.1\.0 directly: a rollback of production does not change it\.\n\u00a0{8}ensembles\/review\.yaml:10/);
    assert.strictEqual(t.repo.git('rev-parse', 'components/prompts/extraction/production^{commit}'), t.repo.git('rev-parse', 'components/prompts/extraction/v1.1.0^{commit}'));
  });
});
