/** What the timeline probe (in the extension host) and the timeline bench section (in Node) share. No `vscode` import. */

/** Environment variable naming the JSON file the probe writes. */
export const TIMELINE_PROBE_OUT = 'EDGIT_BENCH_TIMELINE_OUT';

/** One opening of the timeline, timed from the command (ms, extension host clock). */
export interface TimelineOpening {
  /** The page booted and said `ready` (the webview's own start: the workbench's, not ours). */
  readonly pageReadyMs: number;
  readonly statePostedMs: number;
  /** The page's first `rendered` report with state rows: the rows are in the DOM. */
  readonly firstRowsPaintedMs: number;
  readonly rows: number;
  readonly cells: number;
  readonly cellsMatching: number;
  /** The controller's own share: reading the snapshot and history, building the state (its test timings). */
  readonly hostLoadMs: number;
  readonly hostBuildMs: number;
  /** The page's own time for the state message: from receiving it to its report (decoding and drawing); the rest of state posted → painted is transport. */
  readonly pageWorkMs: number;
}
