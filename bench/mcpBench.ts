import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ensureHistoryRepo } from './historyBench';
import type { BenchContext, BenchSection } from './section';
import { Summary, formatMs, summarize, timeInterleaved } from './stats';
import { formatTable } from './table';

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
const GOAL = 1.5;

function positive(ctx: BenchContext, name: string, fallback: number): number {
  const v = ctx.args.raw.get(name);
  const n = typeof v === 'string' ? Number(v.replace(/_/g, '')) : fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer.`);
  return n;
}

/** A whole CLI process with its output read (as a caller reads the JSON); rejects on a non-zero exit. */
function cliProcess(args: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`edgit-deploy ${args.join(' ')} exited with ${code}: ${stderr.trim().slice(-500)}`))));
  });
}

interface McpRow {
  readonly question: string;
  readonly cli: Summary;
  readonly tool: Summary;
  readonly ratio: number;
}

interface McpResult {
  readonly components: number;
  readonly events: number;
  readonly firstCallMs: number;
  readonly rows: readonly McpRow[];
}

async function run(ctx: BenchContext): Promise<McpResult> {
  const components = positive(ctx, 'process-components', 2000);
  const eventCount = positive(ctx, 'process-events', 42_000);
  const { warmup, runs } = ctx.args;
  const { repo } = await ensureHistoryRepo(ctx, components, eventCount);
  ctx.log(`  ${components.toLocaleString('en-US')} components, ${repo.events.toLocaleString('en-US')} events`);
  const moment = new Date((repo.firstMs + repo.lastMs) / 2).toISOString().replace(/\.\d{3}Z$/, 'Z');
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
    await cliProcess(['status', '--json', '--repo', repo.dir], repo.dir);
    const t = await timeInterleaved(
      {
        cliStatus: () => cliProcess(['status', '--json', '--repo', repo.dir], repo.dir),
        toolStatus: () => tool('edgit_status', {}),
        cliAt: () => cliProcess(['at', moment, '--json', '--repo', repo.dir], repo.dir),
        toolAt: () => tool('edgit_at', { time: moment }),
        toolAtOne: () => tool('edgit_at', { time: moment, environment: 'production' }),
      },
      { warmup, runs },
    );
    const row = (question: string, cli: number[], answer: number[]): McpRow => {
      const c = summarize(cli);
      const a = summarize(answer);
      return { question, cli: c, tool: a, ratio: a.median / c.median };
    };
    const rows = [
      row('status: status --json vs edgit_status', t.cliStatus, t.toolStatus),
      row(`at ${moment}: at --json vs edgit_at`, t.cliAt, t.toolAt),
      row(`at ${moment} production: at --json (all) vs edgit_at (production)`, t.cliAt, t.toolAtOne),
    ];
    ctx.log();
    ctx.log(`One server answering repeated calls vs a CLI process per question (median of ${runs} runs after ${warmup} warm-up, interleaved; the server's first call: ${formatMs(firstCallMs)})`);
    ctx.log(
      formatTable(
        ['question', 'CLI process', 'tool call', 'ratio', 'goal', 'met'],
        rows.map((r) => [r.question, formatMs(r.cli.median), formatMs(r.tool.median), `${r.ratio.toFixed(2)}×`, `≤ ${GOAL}×`, r.ratio <= GOAL ? 'yes' : 'no']),
      ),
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
