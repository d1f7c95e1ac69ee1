import { ensureHistoryRepo } from './historyBench';
import { LM_TOOLS_MOMENT, LM_TOOLS_PROBE_OUT, LM_TOOLS_RUNS, LmToolsProbeResult } from './lmToolsProbeProtocol';
import { runProbeWindow } from './probeWindow';
import type { BenchContext, BenchSection } from './section';
import { Summary, formatMs, summarize } from './stats';
import { formatTable } from './table';
import * as path from 'node:path';

/**
 * The lmTools section: in a real VS Code (code-server, a window on the history bench's
 * repository, default 2,000 components and 42,000 events), the same question asked through
 * vscode.lm.invokeTool (Edgit's registered language model tools, as chat asks them) and through a
 * whole `edgit-deploy … --json` process each time, interleaved, timed in the extension host:
 *  - status: `status --json` vs edgit_status;
 *  - at: `at TIME --json` vs edgit_at at the same moment (all environments, then production).
 * Goal: a tool answer within 1.5× the CLI's. Options: --process-components N, --process-events N.
 */

const PROBE = path.join(__dirname, 'lmToolsProbe.js');
const GOAL = 1.5;

function positive(ctx: BenchContext, name: string, fallback: number): number {
  const v = ctx.args.raw.get(name);
  const n = typeof v === 'string' ? Number(v.replace(/_/g, '')) : fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer.`);
  return n;
}

interface LmToolsRow {
  readonly question: string;
  readonly cli: Summary;
  readonly tool: Summary;
  readonly ratio: number;
}

async function run(ctx: BenchContext): Promise<{ components: number; events: number; firstCallMs: number; rows: LmToolsRow[] }> {
  const components = positive(ctx, 'process-components', 2000);
  const eventCount = positive(ctx, 'process-events', 42_000);
  const { repo } = await ensureHistoryRepo(ctx, components, eventCount);
  ctx.log(`  ${components.toLocaleString('en-US')} components, ${repo.events.toLocaleString('en-US')} events`);
  const moment = new Date((repo.firstMs + repo.lastMs) / 2).toISOString().replace(/\.\d{3}Z$/, 'Z');
  process.env[LM_TOOLS_MOMENT] = moment;
  process.env[LM_TOOLS_RUNS] = `${ctx.args.warmup},${ctx.args.runs}`;
  const { result } = await runProbeWindow(repo.dir, PROBE, LM_TOOLS_PROBE_OUT);
  const { firstCallMs, samples } = result as LmToolsProbeResult;
  const row = (question: string, cli: readonly number[], answer: readonly number[]): LmToolsRow => {
    const c = summarize(cli);
    const a = summarize(answer);
    return { question, cli: c, tool: a, ratio: a.median / c.median };
  };
  const rows = [
    row('status: status --json vs edgit_status', samples.cliStatus, samples.toolStatus),
    row(`at ${moment}: at --json vs edgit_at`, samples.cliAt, samples.toolAt),
    row(`at ${moment} production: at --json (all) vs edgit_at (production)`, samples.cliAt, samples.toolAtOne),
  ];
  ctx.log();
  ctx.log(
    `vscode.lm.invokeTool in one window vs a CLI process per question, timed in the extension host (median of ${ctx.args.runs} runs after ${ctx.args.warmup} warm-up, interleaved; the first edgit_status after activation: ${formatMs(firstCallMs)})`,
  );
  ctx.log(
    formatTable(
      ['question', 'CLI process', 'tool call', 'ratio', 'goal', 'met'],
      rows.map((r) => [r.question, formatMs(r.cli.median), formatMs(r.tool.median), `${r.ratio.toFixed(2)}×`, `≤ ${GOAL}×`, r.ratio <= GOAL ? 'yes' : 'no']),
    ),
  );
  return { components, events: repo.events, firstCallMs, rows };
}

export const lmToolsSection: BenchSection = {
  name: 'lmTools',
  description: 'the same question through vscode.lm.invokeTool (Edgit\'s language model tools in a code-server window) and through a CLI process each time',
  run,
};
