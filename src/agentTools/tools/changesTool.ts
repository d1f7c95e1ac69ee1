import { ComponentFiles, HistoryEvent } from '../../engine';
import { contentDiff } from '../answers/contentDiff';
import { historyEntries, historyEntryJson, isReceipt, readHistory } from '../answers/historyAnswer';
import { AgentTool } from '../agentTool';
import { ToolInput, bad } from '../toolInput';
import { bounded, leftOutLine, name, position, when } from '../toolText';
import { entryLine } from './historyTool';

/** Entries listed at most. */
const MAX_ENTRIES = 50;
/** Content diffs at most, and characters per diff. */
const MAX_DIFFS = 10;
const MAX_DIFF_CHARS = 3000;

/** Per component and environment, the net move of the window: from where the oldest move started to where the newest ended. */
function netMoves(events: readonly HistoryEvent[]): { first: HistoryEvent; last: HistoryEvent }[] {
  const byCell = new Map<string, { first: HistoryEvent; last: HistoryEvent }>();
  // Newest first: the first seen is the last move, the last seen the first.
  for (const e of events) {
    const cell = `${e.componentKey}\0${e.environment}`;
    const seen = byCell.get(cell);
    byCell.set(cell, seen ? { first: e, last: seen.last } : { first: e, last: e });
  }
  return [...byCell.values()];
}

export const changesTool: AgentTool = {
  name: 'edgit_changes',
  title: 'Edgit: what changed between two moments',
  description:
    'What changed between two moments (e.g. "what changed in the hour before it broke?"): every move with who and why, bad marks, deploy reports, newest first, and per component and environment the net content change of its file (line counts and a unified diff, cut when long). since: ISO 8601; until: ISO 8601, default now. Optionally one component or environment. The entries are those of `edgit-deploy history --since --until --json`.',
  inputSchema: {
    type: 'object',
    properties: {
      since: { type: 'string', description: 'From this moment (ISO 8601), e.g. 2026-11-24T13:47.' },
      until: { type: 'string', description: 'Up to this moment (ISO 8601); default now.' },
      component: { type: 'string', description: 'Only this component.' },
      environment: { type: 'string', description: 'Only this environment.' },
    },
    required: ['since'],
    additionalProperties: false,
  },
  moves: false,
  async answer(context, input) {
    const args = ToolInput.of(this.name, input, ['since', 'until', 'component', 'environment']);
    const since = args.moment('since', { required: true });
    const until = args.moment('until') ?? context.now();
    if (until.getTime() < since.getTime()) throw bad(`${this.name}: until is before since.`, 'Give since first, the earlier moment.');
    const typed = args.component('component');
    const environment = args.environment('environment');
    const { snapshot, history, receipts, component } = await readHistory(context.git, typed);
    const entries = historyEntries(history, receipts, { sinceMs: since.getTime(), untilMs: until.getTime(), componentKey: component?.key, environment });
    const moves = entries.filter((e): e is HistoryEvent => !isReceipt(e) && e.kind !== 'mark');
    const files = new ComponentFiles(context.git);
    const net = bounded(netMoves(moves), MAX_DIFFS);
    const diffs = [];
    for (const { first, last } of net.shown) {
      const info = snapshot.get(first.componentKey);
      const content = info ? await contentDiff(context.git, files, info, first.fromCommit, last.toCommit, MAX_DIFF_CHARS) : null;
      diffs.push({
        component: first.componentId,
        environment: first.environment,
        fromVersion: first.fromVersion,
        fromCommit: first.fromCommit,
        toVersion: last.toVersion,
        toCommit: last.toCommit,
        moves: moves.filter((m) => m.componentKey === first.componentKey && m.environment === first.environment).length,
        content: content ?? { summary: 'the component has no tags any more: its file is not known', diff: null, cut: false },
      });
    }
    const shown = bounded(entries, MAX_ENTRIES);
    const now = context.now();
    const marks = entries.filter((e) => !isReceipt(e) && e.kind === 'mark').length;
    const lines = [
      `Between ${when(since, now)} and ${when(until, now)}${component ? `, ${name(component.id)}` : ''}${environment ? `, ${name(environment)}` : ''}: ${moves.length} move(s), ${marks} bad mark change(s), ${entries.length - moves.length - marks} deploy report(s).`,
      ...shown.shown.map((e) => `  ${entryLine(e, now)}`),
      ...leftOutLine(shown.leftOut, 'older entries', 'narrow the window or ask edgit_history'),
    ];
    if (diffs.length) lines.push('Net content change per component and environment:');
    for (const d of diffs) {
      lines.push(`  ${name(d.component)} · ${name(d.environment)}: ${position(d.fromVersion, d.fromCommit)} → ${position(d.toVersion, d.toCommit)} (${d.moves} move(s)): ${d.content.summary}`);
      if (d.content.diff) lines.push('```diff', d.content.diff, '```');
      if (d.content.cut) lines.push(`  (diff cut at ${MAX_DIFF_CHARS} characters)`);
    }
    lines.push(...leftOutLine(net.leftOut, 'component/environment diff(s)', 'ask with component or environment'));
    const leftOut = shown.leftOut || net.leftOut ? { leftOut: { entries: shown.leftOut, diffs: net.leftOut, note: 'Narrow the window, or ask for one component or environment.' } } : {};
    return {
      text: lines.join('\n'),
      json: { since: since.toISOString(), until: until.toISOString(), entries: shown.shown.map(historyEntryJson), diffs, ...leftOut },
    };
  },
};
