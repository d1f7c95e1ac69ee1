// Edgit's language model tools in a real VS Code: registered from package.json, invoked through
// vscode.lm.invokeTool; the read-only ones answer what the CLI prints with --json; the moving ones
// ask the person in the editor's words and move nothing without the confirmation (the workbench's
// own dialog, answered in the page by the harness).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { COMMAND } from '../../src/extension/commands/commandIds';
import { MovingTool, movingTools } from '../../src/extension/agentTools/movingTools';
import { cleanupTempDirs } from '../helpers/gitRepo';
import { CommandsSetup, EXTRACTION, LIMITS, commandsSetup } from './support/commandsSetup';
import { withDialogs } from './support/dialogs';
import { edgitApi } from './support/edgitApi';

type Moving = Record<'edgit_rollback' | 'edgit_partial_rollback' | 'edgit_mark_bad', MovingTool>;

describe('Language model tools: the moving ones (repositories built by the test)', function () {
  this.timeout(60_000);
  let s: CommandsSetup | undefined;
  let tools: Moving;
  before(() => edgitApi());
  beforeEach(async () => {
    s = await commandsSetup();
    tools = movingTools({ ...s.ctx, services: s.registry });
  });
  afterEach(() => s?.dispose());
  after(() => cleanupTempDirs());

  const production = () => s!.repo.peeled(`${EXTRACTION}/production`);
  const versionCommit = (v: string) => s!.repo.peeled(`${EXTRACTION}/${v}`);

  it('edgit_rollback asks in the editor\'s words: the exact move, its checks (production protected), where it goes, the reason', async () => {
    const t = s!;
    const question = await tools.edgit_rollback.prepare({ component: 'prompts/extraction', environment: 'production', version: 'v1.0.0', reason: 'INC-7 totals wrong' });
    // The editor's modal for the same move (cancelled), as a person sees it.
    const editor = await withDialogs(
      () => undefined,
      () => t.run(COMMAND.rollback, { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'production', version: 'v1.0.0' }),
    );
    const modal = editor.modals[0];
    assert.ok(modal, 'the editor asked');
    assert.strictEqual(question.title, 'Roll Back prompts/extraction · production: v1.1.0 → v1.0.0?');
    assert.strictEqual(question.title, modal.message);
    // Same lines up to where the tags go: the modal offers push buttons, the tool says the push
    // decided; and the modal's "Preview Changes" button, which a chat confirmation has not.
    const modalLines = modal.detail.split('\n').map((l) => (l === 'Changes (Preview Changes shows the diff):' ? 'Changes:' : l));
    const pushAt = modalLines.findIndex((l) => l.startsWith('Push to origin'));
    assert.ok(pushAt > 0, modal.detail);
    const lines = question.message.split('\n');
    assert.deepStrictEqual(lines.slice(0, pushAt), modalLines.slice(0, pushAt));
    assert.ok(lines.includes('! production is protected: confirm this exact move'), question.message);
    assert.ok(lines.includes('The tag is pushed to origin in one atomic push (refused, with nothing changed, if someone moved them meanwhile).'), question.message);
    assert.ok(lines.includes('Reason recorded: INC-7 totals wrong'), question.message);
    assert.strictEqual(production(), versionCommit('v1.1.0'), 'asking moved nothing');
  });

  it('edgit_rollback without a version asks for the last known good; push: false says the tag stays here', async () => {
    const question = await tools.edgit_rollback.prepare({ component: 'prompts/extraction', environment: 'staging', push: false });
    assert.strictEqual(question.title, 'Roll Back prompts/extraction · staging: v1.1.0 → v1.0.0?');
    assert.match(question.message, /The tag moves here only, not pushed to origin/);
    assert.doesNotMatch(question.message, /is protected/);
  });

  it('nothing moves without the question asked for that exact input', async () => {
    const before = s!.repo.allRefs();
    await assert.rejects(tools.edgit_rollback.move({ component: 'prompts/extraction', environment: 'production', version: 'v1.0.0' }), /Nothing was changed: edgit_rollback moves only after the person confirmed this exact move/);
    await tools.edgit_rollback.prepare({ component: 'prompts/extraction', environment: 'production', version: 'v1.0.0' });
    // Another input than the one asked about (another version): refused too.
    await assert.rejects(tools.edgit_rollback.move({ component: 'prompts/extraction', environment: 'production', version: 'v1.2.0-rc.1' }), /Nothing was changed/);
    await assert.rejects(tools.edgit_mark_bad.move({ component: 'prompts/extraction', version: 'v1.1.0', reason: 'x' }), /Nothing was changed/);
    assert.deepStrictEqual(s!.repo.allRefs(), before);
  });

  it('a confirmed rollback goes through the editor\'s flow: one batch, pushed, recorded with its reason; asked once, moved once', async () => {
    const t = s!;
    const input = { component: 'prompts/extraction', environment: 'production', version: 'v1.0.0', reason: 'INC-7 totals wrong' };
    await tools.edgit_rollback.prepare(input);
    const { result } = await withDialogs(() => undefined, () => tools.edgit_rollback.move(input));
    assert.match(result.text, /^Done \(batch \S+, pushed to origin, reason: INC-7 totals wrong\):\n- prompts\/extraction · production: v1\.1\.0 → v1\.0\.0$/m);
    assert.strictEqual(production(), versionCommit('v1.0.0'));
    assert.strictEqual(t.remote.refValue(`refs/tags/${EXTRACTION}/production`), t.repo.refValue(`refs/tags/${EXTRACTION}/production`));
    assert.match(t.repo.git('log', '-1', '--format=%B', 'refs/edgit/history'), /Edgit-Event: .*"action":"rollback".*"environment":"production"/);
    assert.match(t.repo.git('log', '-1', '--format=%B', 'refs/edgit/history'), /INC-7 totals wrong/);
    // The confirmation was for one move: invoking again moves nothing.
    await assert.rejects(tools.edgit_rollback.move(input), /Nothing was changed/);
  });

  it('a move confirmed, then the environment moved by someone else: nothing moves, the tool says to ask again', async () => {
    const t = s!;
    const input = { component: 'prompts/extraction', environment: 'production', version: 'v1.0.0', push: false };
    await tools.edgit_rollback.prepare(input);
    t.repo.setEnvLikeCli(EXTRACTION, 'production', 'v1.2.0-rc.1');
    t.registry.refreshAll();
    const moved = t.repo.refValue(`refs/tags/${EXTRACTION}/production`);
    await assert.rejects(
      withDialogs(() => undefined, () => tools.edgit_rollback.move(input)),
      /Nothing was changed: the environment moved since the person confirmed the move/,
    );
    assert.strictEqual(t.repo.refValue(`refs/tags/${EXTRACTION}/production`), moved);
  });

  it('edgit_partial_rollback names every move of its one batch; confirmed, both move together', async () => {
    const t = s!;
    const input = {
      environment: 'production',
      targets: [{ component: 'prompts/extraction', version: 'v1.0.0' }, { component: 'configs/limits' }],
      reason: 'INC-8',
      push: false,
    };
    const question = await tools.edgit_partial_rollback.prepare(input);
    assert.strictEqual(question.title, 'Roll Back 2 components in production at once?');
    const lines = question.message.split('\n');
    assert.ok(lines.includes('prompts/extraction · production: v1.1.0 → v1.0.0'), question.message);
    assert.ok(lines.includes('configs/limits · production: v1.1.0 → v1.0.0'), question.message);
    assert.ok(lines.includes('All moves happen together or none does.'), question.message);
    const { result } = await withDialogs(() => undefined, () => tools.edgit_partial_rollback.move(input));
    assert.match(result.text, /local only/);
    assert.strictEqual(production(), versionCommit('v1.0.0'));
    assert.strictEqual(t.repo.peeled(`${LIMITS}/production`), t.repo.peeled(`${LIMITS}/v1.0.0`));
  });

  it('edgit_mark_bad asks with the editor\'s words and the reason; confirmed, the mark is in the history', async () => {
    const t = s!;
    const input = { component: 'prompts/extraction', version: 'v1.1.0', reason: 'INC-7 totals wrong', push: false };
    const question = await tools.edgit_mark_bad.prepare(input);
    assert.strictEqual(question.title, 'Mark prompts/extraction v1.1.0 bad?');
    const lines = question.message.split('\n');
    assert.strictEqual(lines[0], 'Reason: INC-7 totals wrong');
    assert.ok(lines.includes('production, staging are at v1.1.0 now: roll them back with Edgit: Rollback….'), question.message);
    assert.ok(lines.includes('The record stays here, not pushed to origin.'), question.message);
    assert.strictEqual(t.repo.refValue('refs/edgit/history'), null, 'asking wrote nothing');
    const { result } = await withDialogs(() => undefined, () => tools.edgit_mark_bad.move(input));
    assert.match(result.text, /^Marked prompts\/extraction v1\.1\.0 bad \(reason: INC-7 totals wrong\)\. Local only/);
    assert.match(t.repo.git('log', '-1', '--format=%B', 'refs/edgit/history'), /mark-bad/);
    // Marked now: asking again is refused before any question.
    await assert.rejects(tools.edgit_mark_bad.prepare(input), /marked bad already/);
  });

  it('a refused move is said when asked, and nothing is asked: a version that does not exist', async () => {
    await assert.rejects(tools.edgit_rollback.prepare({ component: 'prompts/extraction', environment: 'production', version: 'v9.9.9' }), /v9\.9\.9/);
  });
});

describe('Language model tools: registered in VS Code', function () {
  this.timeout(60_000);
  before(() => edgitApi());

  it('every moving tool is registered and tagged', () => {
    for (const name of ['edgit_rollback', 'edgit_partial_rollback', 'edgit_mark_bad']) {
      const tool = vscode.lm.tools.find((t) => t.name === name);
      assert.ok(tool, `${name} in vscode.lm.tools`);
    }
  });
});
