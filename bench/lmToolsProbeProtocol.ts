// Between the lmTools bench section (outside) and its probe (inside the extension host).

import type { ToolAnswerSamples } from './toolAnswerTable';

/** The environment variable naming the file the probe writes its result to. */
export const LM_TOOLS_PROBE_OUT = 'EDGIT_BENCH_LM_TOOLS_OUT';
/** The moment asked with edgit_at (ISO 8601), chosen by the section in the repository's history. */
export const LM_TOOLS_MOMENT = 'EDGIT_BENCH_LM_TOOLS_MOMENT';
/** Warm-up and recorded runs, as `warmup,runs`. */
export const LM_TOOLS_RUNS = 'EDGIT_BENCH_LM_TOOLS_RUNS';

export interface LmToolsProbeResult {
  /** The first edgit_status through vscode.lm.invokeTool after activation (its caches cold). */
  readonly firstCallMs: number;
  /** ms per run of each case (timeInterleaved). */
  readonly samples: ToolAnswerSamples;
}
