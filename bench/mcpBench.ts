import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ensureHistoryRepo } from './historyBench';
import { positive, wholeProcess } from './processBench';
import type { BenchContext, BenchSection } from './section';
import { formatMs, timeInterleaved } from './stats';
import { ToolAnswerRow, logToolAnswerTable, middleMoment, toolAnswerRows } from './toolAnswerTable';

/**
 * The mcp section: the same question asked of the CLI (a whole `edgit-deploy … --json` process
 * each time, as a script or an agent running the CLI asks it) and of one running
 * `edgit-deploy mcp` server (a tool call over stdio with the SDK's client, as an MCP client asks
 * it), interleaved, on the history bench's repository (default 2,000 components, 42,000 events):
 *  - status: `status --json` vs edgit_status;
 *  - at: `at TIME --json` vs edgit_at at the same moment.
 * Goal: a tool answer within 1.5× the CLI's. Options: --process-components N, --process-events N.
 */

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
interface McpResult {
  readonly components: number;
  readonly events: number;
  readonly firstCallMs: number;
  readonly rows: readonly ToolAnswerRow[];
}

async function run(ctx: BenchContext): Promise<McpResult> {
  const components = positive(ctx, 'process-components', 2000);
  const eventCount = positive(ctx, 'process-events', 42_000);
  const { warmup, runs } = ctx.args;
  const { repo } = await ensureHistoryRepo(ctx, components, eventCount);
  ctx.log(`  ${components.toLocaleString('en-US')} components, ${repo.events.toLocaleString('en-US')} events`);
  const moment = middleMoment(repo);
  const client = new Client({ name: 'edgit-bench', version: '1' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', '--repo', repo.dir], stderr: 'ignore' }));
  const tool = async (name: string, args: Record<string, unknown>) => {
    const r = await client.callTool({ name, arguments: args });
    if (r.isError) throw new Error(`${name}: ${JSON.stringify(r.content)}`);
  };
  try {
    const started = performance.now();
    await tool('edgit_status', {});
    const firstCallMs = performance.now() - started;
    await wholeProcess(process.execPath, [CLI, 'status', '--json', '--repo', repo.dir], repo.dir);
    const t = await timeInterleaved(
      {
        cliStatus: () => wholeProcess(process.execPath, [CLI, 'status', '--json', '--repo', repo.dir], repo.dir),
        toolStatus: () => tool('edgit_status', {}),
        cliAt: () => wholeProcess(process.execPath, [CLI, 'at', moment, '--json', '--repo', repo.dir], repo.dir),
        toolAt: () => tool('edgit_at', { time: moment }),
        toolAtOne: () => tool('edgit_at', { time: moment, environment: 'production' }),
      },
      { warmup, runs },
    );
    const rows = toolAnswerRows(moment, t);
    logToolAnswerTable(
      ctx,
      `One server answering repeated calls vs a CLI process per question (median of ${runs} runs after ${warmup} warm-up, interleaved; the server's first call: ${formatMs(firstCallMs)})`,
      rows,
    );
    return { components, events: repo.events, firstCallMs, rows };
  } finally {
    await client.close();
  }
}

export const mcpSection: BenchSection = {
  name: 'mcp',
  description: 'the same question through edgit-deploy mcp (one server, tool calls over stdio) and through a CLI process each time',
  run,
};
