import { HistoryEntry, historyEntries, historyEntryJson, isReceipt, readHistory } from '../answers/historyAnswer';
import { AgentTool } from '../agentTool';
import { ToolInput } from '../toolInput';
import { bounded, leftOutLine, name, position, value, when } from '../toolText';

/** One entry in words: when, what moved from what to what, how, who and why. */
export function entryLine(e: HistoryEntry, now: Date): string {
  if (isReceipt(e)) return `${when(e.atMs, now)}: ${name(e.componentId)} · ${name(e.environment)} reported live at ${position(e.version, e.commit)} by ${value(e.by) || 'unknown'}${e.run ? ` (${value(e.run)})` : ''}`;
  const who = `by ${value(e.by) || 'unknown'}${e.reason ? `, "${value(e.reason)}"` : ''}`;
  if (e.kind === 'mark') return `${when(e.at, now)}: ${name(e.componentId)}@${name(e.toVersion)} ${e.action === 'mark-bad' ? 'MARKED BAD' : 'bad mark cleared'} ${who}`;
  const how = e.kind === 'observed' ? `observed (${value(e.source ?? 'tag')})` : value(e.action);
  return `${e.dated ? '' : 'at or before '}${when(e.at, now)}: ${name(e.componentId)} · ${name(e.environment)} ${position(e.fromVersion, e.fromCommit)} → ${position(e.toVersion, e.toCommit)} (${how}) ${who}${e.kind === 'observed' ? '' : `, batch ${value(e.batch)}`}`;
}

export const historyTool: AgentTool = {
  name: 'edgit_history',
  title: 'Edgit deployment history',
  description:
    'Who moved which environment to which version, when and why, newest first, with bad marks (and their clearing) and what deploys reported live. Optionally one component, one environment, and a time window (since/until, ISO 8601). Bounded by limit (default 30): the answer says how many were left out. Same entries as `edgit-deploy history --json`.',
  inputSchema: {
    type: 'object',
    properties: {
      component: { type: 'string', description: 'Only this component, e.g. prompts/extraction.' },
      environment: { type: 'string', description: 'Only this environment (bad marks, which belong to a version, are then left out).' },
      since: { type: 'string', description: 'From this moment on (ISO 8601).' },
      until: { type: 'string', description: 'Up to this moment (ISO 8601).' },
      limit: { type: 'integer', minimum: 1, maximum: 200, description: 'At most this many entries, newest first (default 30).' },
    },
    additionalProperties: false,
  },
  moves: false,
  async answer(context, input) {
    const args = ToolInput.of(this.name, input, ['component', 'environment', 'since', 'until', 'limit']);
    const typed = args.component('component');
    const environment = args.environment('environment');
    const since = args.moment('since');
    const until = args.moment('until');
    const limit = args.integer('limit', 1, 200, 30);
    const { history, receipts, component } = await readHistory(context.git, typed);
    const entries = historyEntries(history, receipts, { sinceMs: since?.getTime() ?? null, untilMs: until?.getTime() ?? null, componentKey: component?.key, environment });
    const { shown, leftOut } = bounded(entries, limit);
    const now = context.now();
    const lines = [`${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}${component ? ` for ${name(component.id)}` : ''}${environment ? ` in ${name(environment)}` : ''}, newest first:`];
    if (!entries.length) lines.push(history.size ? '  no event matches.' : '  no deployment history yet: it starts with the next move made with edgit-deploy.');
    for (const e of shown) lines.push(`  ${entryLine(e, now)}`);
    lines.push(...leftOutLine(leftOut, 'older entries', 'narrow with since/until, component or environment, or raise limit'));
    const json = shown.map(historyEntryJson);
    return { text: lines.join('\n'), json: leftOut ? { entries: json, leftOut: { entries: leftOut, note: `${leftOut} older entries not listed.` } } : json };
  },
};
