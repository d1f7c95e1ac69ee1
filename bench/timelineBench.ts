import { Git } from '../src/engine/git';
import { loadHistory } from '../src/engine/history/historyReader';
import { loadSnapshot } from '../src/engine/snapshot';
import { toWire } from '../src/extension/timeline/momentWire';
import { buildTimelineState, firstMessageState } from '../src/extension/timeline/timelineState';
import * as path from 'node:path';
import { ensureHistoryRepo } from './historyBench';
import { runProbeWindow } from './probeWindow';
import { TIMELINE_PROBE_OUT, TimelineOpening } from './timelineProbeProtocol';
import type { BenchContext, BenchSection } from './section';
import { formatBytes, formatMs, summarize } from './stats';
import { formatTable } from './table';

/**
 * The timeline section: on a repository of N components (3 environments each) with a history of
 * E events, the extension host's side of opening the timeline: loading the snapshot and the
 * history, building the first `state` message (buildTimelineState), and that message's size as
 * posted (JSON length), with the share of each part; then, in code-server (timelineProbe.ts),
 * the time from the command to the page's first rows painted, first and warm openings
 * (`--timeline-no-window` skips it).
 * Options: --timeline-components N (2000), --timeline-events N (42000).
 */

const PROBE = path.join(__dirname, 'timelineProbe.js');
const BASELINE_PROBE = path.join(__dirname, 'webviewBootProbe.js');

/** One code-server window on `workspace` running the timeline probe: its openings of the timeline. */
async function runWindow(workspace: string): Promise<TimelineOpening[]> {
  const { result } = await runProbeWindow(workspace, PROBE, TIMELINE_PROBE_OUT);
  return (result as { openings: TimelineOpening[] }).openings;
}

/** The baseline, in a window of its own: a trivial webview opened and closed four times (webviewBootProbe). */
async function baselineBoots(workspace: string): Promise<number[]> {
  const { result } = await runProbeWindow(workspace, BASELINE_PROBE, TIMELINE_PROBE_OUT);
  return (result as { bootMs: number[] }).bootMs;
}

const DEFAULT_COMPONENTS = 2000;
const DEFAULT_EVENTS = 42_000;
const RUNS = 5;

export const timelineSection: BenchSection = {
  name: 'timeline',
  description: 'timeline: load + first state message build time and size, 2,000 components / 42,000 events',
  async run(ctx: BenchContext): Promise<unknown> {
    const flag = (name: string, fallback: number) => {
      const v = Number(ctx.args.raw.get(name));
      return Number.isInteger(v) && v > 0 ? v : fallback;
    };
    const components = flag('timeline-components', DEFAULT_COMPONENTS);
    const events = flag('timeline-events', DEFAULT_EVENTS);
    const { repo } = await ensureHistoryRepo(ctx, components, events);
    ctx.log(`repository: ${repo.dir} (${repo.events} events, ${repo.cached ? 'cached' : `generated in ${formatMs(repo.generateMs)}`})`);
    const git = new Git(repo.dir);
    const loadMs: number[] = [];
    const buildMs: number[] = [];
    const stringifyMs: number[] = [];
    let sizes: Record<string, number> = {};
    let total = 0;
    let wholeChars = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const [snapshot, history] = await Promise.all([loadSnapshot(git), loadHistory(git)]);
      const t1 = performance.now();
      const state = buildTimelineState({
        repository: { name: 'bench', root: repo.dir },
        snapshot,
        history,
        environmentOrder: ['production', 'staging', 'canary'],
        atMs: null,
        filter: { environment: null, componentKey: null },
        nowMs: Date.now(),
      });
      const t2 = performance.now();
      // As posted: the moment's cells in their wire form (momentWire).
      const posted = toWire({ type: 'state', state: firstMessageState(state).state });
      if (posted.type !== 'state') throw new Error('not a state message');
      const first = posted.state;
      const json = JSON.stringify(posted);
      const t3 = performance.now();
      loadMs.push(t1 - t0);
      buildMs.push(t2 - t1);
      stringifyMs.push(t3 - t2);
      total = json.length;
      wholeChars = JSON.stringify(toWire({ type: 'state', state })).length;
      sizes = Object.fromEntries(Object.entries(first).map(([k, v]) => [k, JSON.stringify(v)?.length ?? 0]));
    }
    const load = summarize(loadMs);
    const build = summarize(buildMs);
    const stringify = summarize(stringifyMs);
    ctx.log(
      formatTable(
        ['step (extension host)', 'median', 'min'],
        [
          ['load snapshot + history', formatMs(load.median), formatMs(load.min)],
          ['build first state', formatMs(build.median), formatMs(build.min)],
          ['first message: rows past the first page trimmed, wire form, JSON', formatMs(stringify.median), formatMs(stringify.min)],
        ],
      ),
    );
    const parts = Object.entries(sizes).sort((a, b) => b[1] - a[1]);
    ctx.log(formatTable(['first message part', 'JSON size', 'share'], parts.slice(0, 6).map(([k, n]) => [k, formatBytes(n), `${((n / total) * 100).toFixed(1)}%`])));
    let window: { openings: TimelineOpening[]; cold: number; warm: ReturnType<typeof summarize>; baselineBootMs: number[] } | null = null;
    if (!ctx.args.raw.has('timeline-no-window')) {
      const openings = await runWindow(repo.dir);
      const baselineBootMs = await baselineBoots(repo.dir);
      const warm = summarize(openings.slice(1).map((o) => o.firstRowsPaintedMs));
      window = { openings, cold: openings[0].firstRowsPaintedMs, warm, baselineBootMs };
      ctx.log(
        formatTable(
          ['code-server: edgit.showTimeline →', 'page ready', 'state posted', 'first rows painted', 'of which the page (decode + draw)', 'drawn cells / matching', 'drawn timelines', 'host: load', 'host: build', 'baseline: a trivial webview ready', 'painted / baseline'],
          openings.map((o, i) => [
            i === 0 ? 'first opening (reads tags + history)' : `opening ${i + 1} (warm)`,
            formatMs(o.pageReadyMs),
            formatMs(o.statePostedMs),
            formatMs(o.firstRowsPaintedMs),
            formatMs(o.pageWorkMs),
            `${o.cells} / ${o.cellsMatching}`,
            String(o.rows),
            formatMs(o.hostLoadMs),
            formatMs(o.hostBuildMs),
            formatMs(baselineBootMs[i] ?? NaN),
            `${(o.firstRowsPaintedMs / (baselineBootMs[i] ?? NaN)).toFixed(2)}×`,
          ]),
        ),
      );
      ctx.log('baseline: in a window of its own, the same openings of a webview of one line whose script only says ready (strict CSP):');
      ctx.log('what any webview costs in this workbench; the first webview of a window boots faster than every later one.');
    }
    ctx.log(`first message (state): ${formatBytes(total)} (${total} characters of JSON); with every row's segments it would be ${formatBytes(wholeChars)} (${wholeChars})`);
    return { components, events: repo.events, loadMs: load, buildMs: build, stringifyMs: stringify, firstMessageChars: total, wholeStateChars: wholeChars, parts: sizes, window };
  },
};
