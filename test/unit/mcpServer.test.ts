import * as assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { AGENT_TOOLS } from '../../src/agentTools';
import { CLI, requireBuiltCli, runCli, succeeded } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';
import { A, E, deploy, seedRepo } from '../helpers/historyFixtures';

/**
 * `edgit-deploy mcp` through the SDK's own client over real stdio: the tools listed with their
 * hints, each answering what the CLI's --json answers for the same question, bad input answered
 * with an error result (and the server answering after it), moves refused unless allowed and
 * confirmed, and a confirmed move made exactly as the CLI makes it.
 */

const T1 = '2026-02-01T09:00:00Z';
const T2 = '2026-02-02T09:00:00Z';
const T3 = '2026-02-03T14:00:00Z';
const BROKE = '2026-02-03T14:47:00Z';

const ENSEMBLE = `name: invoice-review
agents:
  - name: extractor
    prompt: prompts/extraction@v2.0.0
  - name: analyst
    prompt: prompts/analysis@production
`;

/** Ana's repository: production and staging at v1.0.0 (T1), extraction to v1.1.0 (T2), both production to v2.0.0 (T3); an ensemble pinning extraction@v2.0.0. */
async function incidentRepo(): Promise<TestRepo> {
  const repo = seedRepo();
  repo.commitFile('ensembles/invoice-review.yaml', ENSEMBLE);
  await deploy(repo, T1, [[E, 'production', 'v1.0.0'], [A, 'production', 'v1.0.0'], [E, 'staging', 'v1.0.0'], [A, 'staging', 'v1.0.0']]);
  await deploy(repo, T2, [[E, 'production', 'v1.1.0']], { reason: 'extract totals' });
  await deploy(repo, T3, [[E, 'production', 'v2.0.0'], [A, 'production', 'v2.0.0'], [E, 'staging', 'v2.0.0'], [A, 'staging', 'v2.0.0']], { reason: 'release 2' });
  return repo;
}

interface ToolResult {
  readonly isError?: boolean;
  readonly content: { type: string; text: string }[];
  readonly structuredContent?: { result: unknown };
}

/** A client connected to `edgit-deploy mcp` for `repo`, spawned as a person's MCP client spawns it. */
async function connect(repo: TestRepo, extra: readonly string[] = []): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', '--repo', repo.dir, ...extra],
    env: { ...(repo.env() as Record<string, string>), TZ: 'UTC', CI: 'true' },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'edgit-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<ToolResult> {
  return (await client.callTool({ name, arguments: args })) as unknown as ToolResult;
}

/** A tool's JSON, the call having succeeded. */
async function answer(client: Client, name: string, args: Record<string, unknown> = {}): Promise<unknown> {
  const r = await call(client, name, args);
  assert.ok(!r.isError, `${name} failed: ${r.content[0]?.text}`);
  assert.ok(r.content[0].text.length > 0);
  return r.structuredContent?.result;
}

async function refusedWith(client: Client, name: string, args: Record<string, unknown>, pattern: RegExp): Promise<void> {
  const r = await call(client, name, args);
  assert.equal(r.isError, true, `${name} should have been refused: ${r.content[0]?.text}`);
  assert.match(r.content[0].text, pattern);
}

/** The CLI's --json for the same question, the cache off so it is computed on its own. */
function cliJson(repo: TestRepo, args: readonly string[]): unknown {
  return JSON.parse(succeeded(runCli(repo, null, [...args, '--json'], { EDGIT_CACHE: 'off' })).stdout);
}

describe('edgit-deploy mcp: the agent tools over stdio', function () {
  requireBuiltCli();
  let repo: TestRepo;
  let client: Client;
  before(async () => {
    repo = await incidentRepo();
    client = await connect(repo);
  });
  after(async () => {
    await client?.close();
    cleanupTempDirs();
  });

  it('lists the read-only tools, each read-only, with the core’s schema; the moving tools only with --allow-moves', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(
      tools.map((t) => t.name),
      AGENT_TOOLS.filter((t) => !t.moves).map((t) => t.name),
    );
    for (const t of tools) {
      assert.equal(t.annotations?.readOnlyHint, true, t.name);
      assert.deepEqual(t.inputSchema, AGENT_TOOLS.find((x) => x.name === t.name)?.inputSchema);
    }
    const moving = await connect(repo, ['--allow-moves']);
    try {
      const all = (await moving.listTools()).tools;
      assert.deepEqual(all.map((t) => t.name), AGENT_TOOLS.map((t) => t.name));
      for (const name of ['edgit_rollback', 'edgit_partial_rollback', 'edgit_mark_bad']) {
        const t = all.find((x) => x.name === name);
        assert.equal(t?.annotations?.destructiveHint, true, name);
        assert.equal(t?.annotations?.readOnlyHint, false, name);
      }
    } finally {
      await moving.close();
    }
  });

  it('status, at, history and refs answer exactly what the CLI’s --json prints for the same question', async () => {
    assert.deepEqual(await answer(client, 'edgit_status'), cliJson(repo, ['status']));
    assert.deepEqual(await answer(client, 'edgit_at', { time: '2026-02-03T14:47' }), cliJson(repo, ['at', '2026-02-03T14:47']));
    assert.deepEqual(await answer(client, 'edgit_at', { time: '2026-02-02T12:00', environment: 'production' }), cliJson(repo, ['at', '2026-02-02T12:00', '--env', 'production']));
    assert.deepEqual(await answer(client, 'edgit_history'), cliJson(repo, ['history']));
    assert.deepEqual(
      await answer(client, 'edgit_history', { component: 'prompts/extraction', since: '2026-02-02T00:00Z' }),
      cliJson(repo, ['history', 'prompts/extraction', '--since', '2026-02-02T00:00Z']),
    );
    assert.deepEqual(await answer(client, 'edgit_references'), cliJson(repo, ['refs']));
    assert.deepEqual(await answer(client, 'edgit_references', { component: 'prompts/extraction', version: 'v2.0.0' }), cliJson(repo, ['refs', 'prompts/extraction@v2.0.0']));
    // The plan of a rollback is the CLI's dry run: the last known good version, the checks, the protected environment.
    const plan = await answer(client, 'edgit_plan_rollback', { component: 'prompts/extraction', environment: 'production' });
    assert.deepEqual(plan, cliJson(repo, ['rollback', 'prompts/extraction', 'production', '--dry-run']));
    assert.equal((plan as { moves: { to: { version: string } }[] }).moves[0].to.version, 'v1.1.0');
    assert.deepEqual((plan as { needsConfirmation: string[] }).needsConfirmation, ['production']);
  });

  it('the answers a model reads: what was live at 14:47, what changed in the hour before, which ensembles pin the version, the content', async () => {
    const at = await call(client, 'edgit_at', { time: '2026-02-03T14:47', environment: 'production' });
    assert.match(at.content[0].text, /prompts\/extraction · production: v2\.0\.0 since Tue 03 Feb(?: 2026)? 14:00 UTC \(2026-02-03T14:00:00\.000Z, /);
    const changes = await call(client, 'edgit_changes', { since: '2026-02-03T13:47', until: BROKE });
    const json = changes.structuredContent?.result as { entries: unknown[]; diffs: { component: string; environment: string; fromVersion: string; toVersion: string; content: { diff: string } }[] };
    assert.deepEqual(json.entries, cliJson(repo, ['history', '--since', '2026-02-03T13:47', '--until', BROKE]));
    const extraction = json.diffs.find((d) => d.component === 'prompts/extraction' && d.environment === 'production');
    assert.deepEqual([extraction?.fromVersion, extraction?.toVersion], ['v1.1.0', 'v2.0.0']);
    assert.match(extraction?.content.diff ?? '', /^-extraction v1\.1\.0$/m);
    assert.match(extraction?.content.diff ?? '', /^\+extraction v2\.0\.0$/m);
    assert.match(changes.content[0].text, /4 move\(s\)/);
    const refs = await call(client, 'edgit_references', { component: 'prompts/extraction', version: 'v2.0.0' });
    assert.match(refs.content[0].text, /ensembles\/invoice-review\.yaml:4:\d+ prompts\/extraction@v2\.0\.0/);
    const content = (await answer(client, 'edgit_content', { component: 'prompts/extraction', environment: 'production', time: '2026-02-02T12:00' })) as { version: string; content: string };
    assert.deepEqual([content.version, content.content], ['v1.1.0', 'extraction v1.1.0']);
    assert.equal(((await answer(client, 'edgit_content', { component: 'prompts/analysis', version: 'v1.0.0' })) as { content: string }).content, 'analysis v1.0.0');
  });

  it('bad input gets an error result that says what to send, and the server keeps answering', async () => {
    await refusedWith(client, 'edgit_at', { time: 'yesterday at tea time' }, /Cannot read "yesterday at tea time" as a moment.*ISO 8601/);
    await refusedWith(client, 'edgit_at', {}, /edgit_at needs time/);
    await refusedWith(client, 'edgit_status', { component: 'prompts/nope' }, /No component "prompts\/nope"/);
    await refusedWith(client, 'edgit_history', { colour: 'red' }, /has no input "colour"/);
    await refusedWith(client, 'edgit_content', { component: 'prompts/extraction', version: 'v9.9.9' }, /has no version v9\.9\.9/);
    await refusedWith(client, 'edgit_content', { component: '../../etc/passwd', version: 'v1.0.0' }, /is not a component/);
    await refusedWith(client, 'edgit_history', { limit: 'many' }, /limit must be a whole number/);
    await refusedWith(client, 'edgit_unknown', {}, /No tool "edgit_unknown"/);
    assert.deepEqual(await answer(client, 'edgit_status'), cliJson(repo, ['status']));
  });

  it('a move is refused without --allow-moves, and nothing moves', async () => {
    const before = repo.allRefs();
    await refusedWith(client, 'edgit_rollback', { component: 'prompts/extraction', environment: 'production', confirm: 'production' }, /read-only: nothing was changed.*--allow-moves/);
    await refusedWith(client, 'edgit_mark_bad', { component: 'prompts/extraction', version: 'v2.0.0', reason: 'INC-7', confirm: 'yes' }, /read-only/);
    assert.deepEqual(repo.allRefs(), before);
  });
});

describe('edgit-deploy mcp --allow-moves: confirmed moves, made as the CLI makes them', function () {
  requireBuiltCli();
  let repo: TestRepo;
  let client: Client;
  before(async () => {
    repo = await incidentRepo();
    client = await connect(repo, ['--allow-moves']);
  });
  after(async () => {
    await client?.close();
    cleanupTempDirs();
  });

  it('without the confirmation word a moving tool gives the plan and the word, and with a wrong one it refuses; nothing moves', async () => {
    const before = repo.allRefs();
    const plan = await call(client, 'edgit_rollback', { component: 'prompts/extraction', environment: 'production', reason: 'INC-7 wrong totals' });
    assert.ok(!plan.isError, plan.content[0].text);
    assert.match(plan.content[0].text, /Last known good: v1\.1\.0/);
    assert.match(plan.content[0].text, /Nothing was changed.*confirm: "production"/s);
    await refusedWith(client, 'edgit_rollback', { component: 'prompts/extraction', environment: 'production', confirm: 'yes' }, /"yes" does not confirm this: nothing was changed.*confirm: "production"/);
    assert.deepEqual(repo.allRefs(), before);
  });

  it('confirmed: the rollback moves the tag and records it, as `edgit-deploy rollback` does; then a partial rollback and a bad mark', async () => {
    const moved = (await answer(client, 'edgit_rollback', { component: 'prompts/extraction', environment: 'production', reason: 'INC-7 wrong totals', markBad: true, confirm: 'production' })) as {
      action: string;
      moves: { environment: string; fromVersion: string; toVersion: string }[];
      marks: { version: string }[];
    };
    assert.equal(moved.action, 'rollback');
    assert.deepEqual(moved.moves.map((m) => [m.environment, m.fromVersion, m.toVersion]), [['production', 'v2.0.0', 'v1.1.0']]);
    assert.deepEqual(moved.marks.map((m) => m.version), ['v2.0.0']);
    assert.equal(repo.peeled(`${E}/production`), repo.peeled(`${E}/v1.1.0`));
    const history = cliJson(repo, ['history', 'prompts/extraction']) as { kind: string; action?: string; environment: string | null; toVersion?: string; version?: string; reason: string }[];
    const rolledBack = history.find((e) => e.kind !== 'mark');
    assert.deepEqual([rolledBack?.environment, rolledBack?.toVersion, rolledBack?.reason], ['production', 'v1.1.0', 'INC-7 wrong totals']);
    assert.ok(history.some((e) => e.kind === 'mark' && e.version === 'v2.0.0'));

    // Staging is not protected: "yes" confirms. Both components go back in one batch.
    await refusedWith(client, 'edgit_partial_rollback', { environment: 'staging', targets: [{ component: 'prompts/extraction', version: 'v1.0.0' }], confirm: 'staging' }, /does not confirm this.*confirm: "yes"/);
    const batch = (await answer(client, 'edgit_partial_rollback', {
      environment: 'staging',
      targets: [{ component: 'prompts/extraction', version: 'v1.0.0' }, { component: 'prompts/analysis', version: 'v1.0.0' }],
      reason: 'INC-7',
      confirm: 'yes',
    })) as { batch: string; action: string; moves: unknown[] };
    assert.equal(batch.action, 'rollback');
    assert.equal(batch.moves.length, 2);
    for (const key of [E, A]) assert.equal(repo.peeled(`${key}/staging`), repo.peeled(`${key}/v1.0.0`));
    const recorded = (cliJson(repo, ['history', '--env', 'staging']) as { batch: string }[]).slice(0, 2);
    assert.deepEqual(recorded.map((e) => e.batch), [batch.batch, batch.batch]);

    await answer(client, 'edgit_mark_bad', { component: 'prompts/analysis', version: 'v2.0.0', reason: 'INC-7 too', confirm: 'yes' });
    const status = cliJson(repo, ['status']) as { components: { id: string; versions: { version: string; bad: { reason: string } | null }[] }[] };
    const analysis = status.components.find((c) => c.id === 'prompts/analysis');
    assert.equal(analysis?.versions.find((v) => v.version === 'v2.0.0')?.bad?.reason, 'INC-7 too');
    // The tools see what the moves did: the same status as the CLI's.
    assert.deepEqual(await answer(client, 'edgit_status'), status);
  });

  it('a move the checks refuse is refused through the tool too, and nothing moves', async () => {
    const before = repo.allRefs();
    // v2.0.0 of extraction is marked bad now: moving staging to it is refused (the CLI needs --allow-bad).
    await refusedWith(client, 'edgit_rollback', { component: 'prompts/extraction', environment: 'staging', version: 'v2.0.0', confirm: 'yes' }, /Refused, nothing was changed: .*marked bad/);
    assert.deepEqual(repo.allRefs(), before);
  });
});
