/**
 * Runs INSIDE the VS Code extension host (as the harness's `extensionTestsPath`): activates the
 * extension in the timeline bench's repository, runs `edgit.showTimeline` and times, from the
 * command, the state posted and the page's first `rendered` report (rows painted in the DOM);
 * then closes and opens it again (warm: the snapshot and history already read). Writes the
 * timings to the JSON file named by EDGIT_BENCH_TIMELINE_OUT.
 */
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { CommandResult } from '../src/extension/commands';
import type { EdgitExtensionApi } from '../src/extension/extension';
import type { ShownTimeline } from '../src/extension/timeline';
import { viewOf, watchTimeline } from '../test/helpers/timelineWatch';
import { TIMELINE_PROBE_OUT, TimelineOpening } from './timelineProbeProtocol';

const EXTENSION_ID = 'edgit-vscode.edgit-vscode';
const OPENINGS = 4;

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 120_000): Promise<T> {
  const started = performance.now();
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function run(): Promise<void> {
  const out = process.env[TIMELINE_PROBE_OUT];
  if (!out) throw new Error(`${TIMELINE_PROBE_OUT} is not set`);
  const extension = vscode.extensions.getExtension<EdgitExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  const api = await extension.activate();
  const repository = await until('the repository', () => api.services.repositories()[0]);
  const openings: TimelineOpening[] = [];
  for (let i = 0; i < OPENINGS; i++) {
    const started = performance.now();
    const result = await vscode.commands.executeCommand<CommandResult<ShownTimeline>>('edgit.showTimeline', { repository });
    if (result.status !== 'done') throw new Error(`edgit.showTimeline: ${JSON.stringify(result)}`);
    const panel = result.panel;
    watchTimeline(panel);
    await until('the page ready', () => (viewOf(panel).readies > 0 ? true : undefined));
    const pageReadyMs = performance.now() - started;
    await until('the state', () => viewOf(panel).state);
    const statePostedMs = performance.now() - started;
    const rendered = await until('the first rows painted', () => {
      const r = viewOf(panel).rendered;
      return r && r.cells > 0 ? r : undefined;
    });
    const timings = viewOf(panel).timings;
    openings.push({
      pageReadyMs,
      statePostedMs,
      firstRowsPaintedMs: performance.now() - started,
      rows: rendered.rows,
      cells: rendered.cells,
      cellsMatching: rendered.cellsMatching,
      hostLoadMs: timings?.loadMs ?? NaN,
      hostBuildMs: timings?.buildMs ?? NaN,
      pageWorkMs: rendered.workMs ?? NaN,
    });
    panel.dispose();
    await new Promise((r) => setTimeout(r, Number(process.env.EDGIT_BENCH_TIMELINE_PAUSE_MS ?? 300)));
  }
  writeFileSync(out, JSON.stringify({ openings }));
}
