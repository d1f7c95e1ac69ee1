import { ensureHistoryRepo } from './historyBench';
import { LM_TOOLS_MOMENT, LM_TOOLS_PROBE_OUT, LM_TOOLS_RUNS, LmToolsProbeResult } from './lmToolsProbeProtocol';
import { runProbeWindow } from './probeWindow';
import type { BenchContext, BenchSection } from './section';
import { positive } from './processBench';
import { formatMs } from './stats';
import { ToolAnswerRow, logToolAnswerTable, middleMoment, toolAnswerRows } from './toolAnswerTable';
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
async function run(ctx: BenchContext): Promise<{ components: number; events: number; firstCallMs: number; rows: ToolAnswerRow[] }> {
  const components = positive(ctx, 'process-components', 2000);
  const eventCount = positive(ctx, 'process-events', 42_000);
  const { repo } = await ensureHistoryRepo(ctx, components, eventCount);
  ctx.log(`  ${components.toLocaleString('en-US')} components, ${repo.events.toLocaleString('en-US')} events`);
  const moment = middleMoment(repo);
  process.env[LM_TOOLS_MOMENT] = moment;
  process.env[LM_TOOLS_RUNS] = `${ctx.args.warmup},${ctx.args.runs}`;
  const { result } = await runProbeWindow(repo.dir, PROBE, LM_TOOLS_PROBE_OUT);
  const { firstCallMs, samples } = result as LmToolsProbeResult;
  const rows = toolAnswerRows(moment, samples);
  logToolAnswerTable(
    ctx,
    `vscode.lm.invokeTool in one window vs a CLI process per question, timed in the extension host (median of ${ctx.args.runs} runs after ${ctx.args.warmup} warm-up, interleaved; the first edgit_status after activation: ${formatMs(firstCallMs)})`,
    rows,
  );
  return { components, events: repo.events, firstCallMs, rows };
}

export const lmToolsSection: BenchSection = {
  name: 'lmTools',
  description: 'the same question through vscode.lm.invokeTool (Edgit\'s language model tools in a code-server window) and through a CLI process each time',
  run,
};
