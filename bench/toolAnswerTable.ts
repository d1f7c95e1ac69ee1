import type { BenchContext } from './section';
import { Summary, formatMs, summarize } from './stats';
import { formatTable } from './table';

/**
 * What the mcp and lmTools sections share: the moment they ask `at` about, and the table of the
 * same three questions asked of a CLI process and of a tool (status; at; at for production only),
 * with the goal: a tool answer within 1.5× the CLI's.
 */

const GOAL = 1.5;

export interface ToolAnswerRow {
  readonly question: string;
  readonly cli: Summary;
  readonly tool: Summary;
  readonly ratio: number;
}

/** The samples of each question, CLI and tool, in milliseconds. */
export interface ToolAnswerSamples {
  readonly cliStatus: readonly number[];
  readonly toolStatus: readonly number[];
  readonly cliAt: readonly number[];
  readonly toolAt: readonly number[];
  readonly toolAtOne: readonly number[];
}

/** The middle of the bench repository's history, to the second (`2026-…T…Z`). */
export function middleMoment(repo: { readonly firstMs: number; readonly lastMs: number }): string {
  return new Date((repo.firstMs + repo.lastMs) / 2).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function toolAnswerRows(moment: string, s: ToolAnswerSamples): ToolAnswerRow[] {
  const row = (question: string, cli: readonly number[], answer: readonly number[]): ToolAnswerRow => {
    const c = summarize(cli);
    const a = summarize(answer);
    return { question, cli: c, tool: a, ratio: a.median / c.median };
  };
  return [
    row('status: status --json vs edgit_status', s.cliStatus, s.toolStatus),
    row(`at ${moment}: at --json vs edgit_at`, s.cliAt, s.toolAt),
    row(`at ${moment} production: at --json (all) vs edgit_at (production)`, s.cliAt, s.toolAtOne),
  ];
}

/** The headline, then the rows with their ratio against the goal. */
export function logToolAnswerTable(ctx: BenchContext, headline: string, rows: readonly ToolAnswerRow[]): void {
  ctx.log();
  ctx.log(headline);
  ctx.log(
    formatTable(
      ['question', 'CLI process', 'tool call', 'ratio', 'goal', 'met'],
      rows.map((r) => [r.question, formatMs(r.cli.median), formatMs(r.tool.median), `${r.ratio.toFixed(2)}×`, `≤ ${GOAL}×`, r.ratio <= GOAL ? 'yes' : 'no']),
    ),
  );
}
