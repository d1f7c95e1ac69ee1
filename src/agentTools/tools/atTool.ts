import { atJson, readAt } from '../answers/atAnswer';
import { AgentTool } from '../agentTool';
import { ToolInput, componentName } from '../toolInput';
import { bounded, leftOutLine, name, position, value, when } from '../toolText';

/** Components listed at most, in text and JSON. */
const MAX_COMPONENTS = 40;

type AtJson = ReturnType<typeof atJson>;

/** Who and why a position rests on, in words. */
function evidenceWords(e: AtJson['components'][number]['environments'][number]): string {
  const parts = [e.evidence, e.by ? `by ${value(e.by)}` : '', e.reason ? `"${value(e.reason)}"` : '', e.batch ? `batch ${value(e.batch)}` : ''].filter(Boolean);
  return parts.join(', ');
}

export const atTool: AgentTool = {
  name: 'edgit_at',
  title: 'Edgit: what was live at a moment',
  description:
    'What each environment of each component pointed at, at a past moment (e.g. "what was in production at 14:47?"), with the evidence the answer rests on (a recorded move, an observed tag, or unknown with the candidates), who moved it and why, and what a deploy reported serving then. time: ISO 8601 (2026-11-24T14:47, local time of the server without an offset, or with Z / +01:00). Optionally some components and one environment. Same answer as `edgit-deploy at TIME --json`.',
  inputSchema: {
    type: 'object',
    properties: {
      time: { type: 'string', description: 'The moment, ISO 8601: 2026-11-24T14:47 (server local time), 2026-11-24T13:47Z or 2026-11-24T14:47+01:00.' },
      components: { type: 'array', items: { type: 'string' }, maxItems: 100, description: 'Only these components, e.g. ["prompts/extraction"].' },
      environment: { type: 'string', description: 'Only this environment, e.g. production.' },
    },
    required: ['time'],
    additionalProperties: false,
  },
  moves: false,
  async answer(context, input) {
    const args = ToolInput.of(this.name, input, ['time', 'components', 'environment']);
    const moment = args.moment('time', { required: true });
    const environment = args.environment('environment');
    const components = args.list('components', (v, where) => (typeof v === 'string' ? componentName(v, `${this.name}: ${where}`) : componentName('', `${this.name}: ${where}`)));
    const { state, receipts, skipped } = await readAt(context.git, moment, { environment, components });
    const { shown, leftOut } = bounded(state.components, MAX_COMPONENTS);
    const json = atJson({ ...state, components: shown }, moment, skipped, receipts);
    const now = context.now();
    const lines = [`Live at ${when(moment, now)}:`];
    if (!json.components.length) lines.push('  no environment known.');
    for (const c of json.components) {
      for (const e of c.environments) {
        const where = e.evidence === 'unknown' ? `unknown${e.candidates ? ` (one of ${e.candidates.map((x) => position(x.version, x.commit)).join(', ')})` : ''}` : position(e.version, e.commit);
        const since = e.evidence !== 'unknown' && e.since ? ` since ${when(e.since, now)}` : '';
        const note = e.note ? `; ${value(e.note)}` : '';
        const served = e.live ? `; a deploy reported ${e.live.commit === e.commit ? 'it' : position(e.live.version, e.live.commit)} live since ${when(e.live.since, now)}` : '';
        lines.push(`  ${name(c.id)} · ${name(e.name)}: ${where}${since} (${evidenceWords(e)})${note}${served}`);
      }
    }
    lines.push(...leftOutLine(leftOut, 'component(s)', 'ask with components or environment'));
    if (skipped.length) lines.push(`${skipped.length} unreadable or contradictory item(s) skipped.`);
    return { text: lines.join('\n'), json: leftOut ? { ...json, leftOut: { components: leftOut, note: `${leftOut} more component(s) not listed: ask for them with components.` } } : json };
  },
};
