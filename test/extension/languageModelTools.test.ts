// Edgit's language model tools in a real VS Code: registered from package.json, invoked through
// vscode.lm.invokeTool; the read-only ones answer what the CLI prints with --json; the moving ones
// ask the person in the editor's words and move nothing without the confirmation (the workbench's
// own dialog, answered in the page by the harness).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { readOnlyAnswer } from '../../src/extension/agentTools/languageModelTools';
import { MovingTool, movingTools } from '../../src/extension/agentTools/movingTools';
import { statusTool } from '../../src/agentTools/tools/statusTool';
import { createCommandContext } from '../../src/extension/commands';
import { COMMAND } from '../../src/extension/commands/commandIds';
import type { EdgitExtensionApi } from '../../src/extension/extension';
import { RepositoryRegistry } from '../../src/extension/repositoryRegistry';
import { requireTestFixture } from '../harness/testEnvironment';
import { runCli, succeeded } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';
import { CommandsSetup, EXTRACTION, LIMITS, MemoryMemento, commandsSetup, teamRepository } from './support/commandsSetup';
import { withDialogs } from './support/dialogs';
import { EXTENSION_ID, edgitApi } from './support/edgitApi';
import { recordGit } from './support/recordGit';
import { TestHost } from './support/testHost';

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
    const question = await tools.edgit_rollback.prepare({ component: 'prompts/extraction', environment: 'production', version: 'v1.0.0', reason: 'INC-7 totals wrong', push: true });
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

  it('edgit_rollback without a version asks for the last known good; without push (edgit.pushMode "ask") the tag stays here, as the command\'s scripted path decides', async () => {
    const question = await tools.edgit_rollback.prepare({ component: 'prompts/extraction', environment: 'staging' });
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
    const input = { component: 'prompts/extraction', environment: 'production', version: 'v1.0.0', reason: 'INC-7 totals wrong', push: true };
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

describe('Language model tools: registered in VS Code (the fixture workspace)', function () {
  this.timeout(60_000);
  let api: EdgitExtensionApi;
  let repo: TestRepo;
  before(async () => {
    api = await edgitApi();
    await api.services.ready();
    repo = new TestRepo(requireTestFixture().edgit.repo);
  });
  after(() => cleanupTempDirs());

  /** The text parts of a tool result, as a model reads them. */
  const textOf = (result: vscode.LanguageModelToolResult) => result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : `[not text: ${JSON.stringify(p)}]`)).join('');

  it('every tool declared in package.json is registered with its declared schema and tags', () => {
    const declared = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { languageModelTools: { name: string; inputSchema: unknown; tags: string[] }[] } }).contributes
      .languageModelTools;
    assert.ok(declared.length >= 6);
    for (const d of declared) {
      const registered = vscode.lm.tools.find((t) => t.name === d.name);
      assert.ok(registered, `${d.name} in vscode.lm.tools`);
      assert.deepStrictEqual(registered.inputSchema, d.inputSchema, d.name);
      assert.deepStrictEqual([...registered.tags], d.tags, d.name);
    }
  });

  /** The CLI's --json for the same question, its kept answers off so it computes its own. */
  const cliJson = (args: string[]): unknown => JSON.parse(succeeded(runCli(repo, null, [...args, '--json'], { EDGIT_CACHE: 'off' })).stdout);

  // Each read-only tool, through VS Code, and what the CLI prints for the same question.
  const questions: { tool: string; input: Record<string, unknown>; cli: string; expected: () => unknown; part?: (json: unknown) => unknown }[] = [
    { tool: 'edgit_status', input: {}, cli: 'status', expected: () => cliJson(['status']) },
    { tool: 'edgit_at', input: { time: '2025-03-02T00:00:00Z' }, cli: 'at 2025-03-02T00:00:00Z', expected: () => cliJson(['at', '2025-03-02T00:00:00Z']) },
    { tool: 'edgit_at', input: { time: '2025-02-01T00:00:00Z', environment: 'production' }, cli: 'at … --env production', expected: () => cliJson(['at', '2025-02-01T00:00:00Z', '--env', 'production']) },
    { tool: 'edgit_history', input: {}, cli: 'history', expected: () => cliJson(['history']) },
    {
      tool: 'edgit_history',
      input: { component: 'prompts/extraction', environment: 'production' },
      cli: 'history prompts/extraction --env production',
      expected: () => cliJson(['history', 'prompts/extraction', '--env', 'production']),
    },
    {
      tool: 'edgit_changes',
      input: { since: '2025-01-01T00:00:00Z', until: '2025-12-31T00:00:00Z' },
      cli: 'history --since … --until … (its entries)',
      expected: () => cliJson(['history', '--since', '2025-01-01T00:00:00Z', '--until', '2025-12-31T00:00:00Z']),
      part: (json) => (json as { entries: unknown }).entries,
    },
    { tool: 'edgit_references', input: {}, cli: 'refs', expected: () => cliJson(['refs']) },
    {
      tool: 'edgit_plan_rollback',
      input: { component: 'prompts/extraction', environment: 'production', version: 'v1.1.0' },
      cli: 'rollback prompts/extraction production v1.1.0 --dry-run',
      expected: () => cliJson(['rollback', 'prompts/extraction', 'production', 'v1.1.0', '--dry-run']),
    },
    {
      tool: 'edgit_content',
      input: { component: 'prompts/extraction', version: 'v1.0.0' },
      cli: 'git show (the file at the version: no edgit-deploy command prints content)',
      expected: () => repo.git('show', `${EXTRACTION}/v1.0.0:components/prompts/extraction.md`),
      part: (json) => (json as { content: string }).content.trim(),
    },
  ];
  for (const q of questions) {
    it(`${q.tool} ${JSON.stringify(q.input)} answers, through vscode.lm.invokeTool, what ${q.cli} prints`, async () => {
      const result = await vscode.lm.invokeTool(q.tool, { input: { ...q.input, repository: repo.dir }, toolInvocationToken: undefined });
      const answered = api.languageModelTools?.lastAnswer(q.tool);
      assert.ok(answered, 'the tool answered');
      // The text the model read is that answer's; its data is what the CLI prints.
      assert.strictEqual(textOf(result), answered.text);
      assert.ok(answered.text.length > 0 && answered.text.length < 20_000);
      const json: unknown = JSON.parse(JSON.stringify(answered.json));
      assert.deepStrictEqual(q.part ? q.part(json) : json, q.expected());
    });
  }

  it('a read-only tool given a bad input says what to send instead, and runs no git for it', async () => {
    await assert.rejects(Promise.resolve(vscode.lm.invokeTool('edgit_at', { input: { time: 'yesterday-ish', repository: repo.dir }, toolInvocationToken: undefined })), /edgit_at: time/);
  });

  // Extension tests cannot answer VS Code's own confirmation: in an extension-test window VS Code
  // answers it "yes" by itself (DialogService skips dialogs there). What is tested here: VS Code
  // asks prepareInvocation's question before invoke, and invoke makes exactly that move through
  // the editor's flow; a move prepareInvocation refuses is never invoked. "Nothing moves without
  // the question for that exact input" is tested on the tools' own functions above.
  it('a moving tool invoked through VS Code: the question in the editor\'s words is asked first, then exactly that move is made', async () => {
    const tag = `refs/tags/${EXTRACTION}/production`;
    const input = { component: 'prompts/extraction', environment: 'production', version: 'v1.1.0', push: false, reason: 'LM tool test', repository: repo.dir };
    const before = repo.allRefs();
    const history = repo.refValue('refs/edgit/history');
    try {
      const result = await vscode.lm.invokeTool('edgit_rollback', { input, toolInvocationToken: undefined });
      const asked = api.languageModelTools?.asked('edgit_rollback');
      // v1.1.0 is above production's v1.0.0: the flow names it a roll forward, and so does the question.
      assert.strictEqual(asked?.title, 'Roll Forward prompts/extraction · production: v1.0.0 → v1.1.0?');
      assert.match(asked.message, /^! production is protected: confirm this exact move$/m);
      assert.match(asked.message, /^The tag moves here only, not pushed to origin/m);
      assert.match(asked.message, /^Reason recorded: LM tool test$/m);
      assert.match(textOf(result), /^Done \(batch \S+, local only \(not pushed\), reason: LM tool test\):\n- prompts\/extraction · production: v1\.0\.0 → v1\.1\.0$/);
      assert.strictEqual(repo.peeled(`${EXTRACTION}/production`), repo.peeled(`${EXTRACTION}/v1.1.0`));
      assert.match(repo.git('log', '-1', '--format=%B', 'refs/edgit/history'), /LM tool test/);
    } finally {
      // The fixture is shared by every suite: production and the history as they were.
      repo.git('update-ref', tag, before.get(tag)!);
      if (history) repo.git('update-ref', 'refs/edgit/history', history);
      else repo.gitStatus('update-ref', '-d', 'refs/edgit/history');
      api.services.refreshAll();
    }
    assert.deepStrictEqual(repo.allRefs(), before);
  });

  it('a move prepareInvocation refuses is never invoked: the model reads why, nothing moved', async () => {
    const before = repo.allRefs();
    await assert.rejects(
      Promise.resolve(vscode.lm.invokeTool('edgit_rollback', { input: { component: 'prompts/extraction', environment: 'production', version: 'v9.9.9', repository: repo.dir }, toolInvocationToken: undefined })),
      /v9\.9\.9/,
    );
    await assert.rejects(
      Promise.resolve(vscode.lm.invokeTool('edgit_mark_bad', { input: { component: 'prompts/nothing', version: 'v1.0.0', reason: 'x', repository: repo.dir }, toolInvocationToken: undefined })),
      /prompts\/nothing/,
    );
    assert.deepStrictEqual(repo.allRefs(), before);
  });
});

describe('Language model tools in an untrusted workspace', function () {
  this.timeout(60_000);
  after(() => cleanupTempDirs());

  it('a read-only tool says the workspace is not trusted and runs no git', async () => {
    const { repo } = teamRepository('untrusted');
    const git = recordGit(repo.dir);
    const log = vscode.window.createOutputChannel('Edgit untrusted tools', { log: true });
    const host = new TestHost([repo.dir], false);
    const registry = new RepositoryRegistry(log, { host });
    try {
      await registry.start();
      await assert.rejects(readOnlyAnswer(registry, statusTool, {}), /not trusted, so Edgit runs no git in it/);
      const tools = movingTools({ ...createCommandContext(registry, new MemoryMemento()), services: registry });
      await assert.rejects(tools.edgit_rollback.prepare({ component: 'prompts/extraction', environment: 'production' }), /not trusted/);
      assert.deepStrictEqual(git.commands, [], 'no git may run in an untrusted workspace');
    } finally {
      git.dispose();
      registry.dispose();
      host.dispose();
      log.dispose();
    }
  });
});
