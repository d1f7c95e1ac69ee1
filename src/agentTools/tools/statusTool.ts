import { EdgitError, escapeJsonText } from '../../engine';
import { recordedDrift, statusAnswer, statusJson, statusJsonArguments } from '../answers/statusAnswer';
import { AgentTool, ToolContext } from '../agentTool';
import { ToolInput } from '../toolInput';
import { bounded, leftOutLine, name, position, value, when } from '../toolText';

/** Components listed at most, in text and JSON. */
const MAX_COMPONENTS = 40;
/** Versions named per component in text (the JSON has them all). */
const MAX_VERSIONS = 5;

type StatusJson = ReturnType<typeof statusJson>;
type ComponentJson = StatusJson['components'][number];

/** What `status --json` prints (from the answer the CLI keeps for it, when it is still valid). */
async function readStatusJson(context: ToolContext): Promise<StatusJson> {
  let text = '';
  await statusAnswer(context.git.cwd, {
    arguments: statusJsonArguments,
    keep: true,
    drift: recordedDrift,
    format: (read, drift) => escapeJsonText(JSON.stringify(statusJson(read, drift), null, 2)) + '\n',
    write: (answer) => {
      text = answer.toString('utf8');
    },
  });
  return JSON.parse(text) as StatusJson;
}

const DRIFT_WORDS: Record<string, string> = {
  'local-ahead': 'not pushed',
  'local-only': 'not pushed',
  'remote-moved': 'moved on remote',
  diverged: 'moved here and on remote',
  differs: 'differs from remote',
  'remote-deleted': 'deleted on remote',
};

function componentLines(c: ComponentJson, now: Date): string[] {
  const lines = [`${name(c.id)}${c.legacy ? ' (legacy layout)' : ''}${c.path ? ` — file ${value(c.path)}` : ''}`];
  const badOf = (version: string | null) => (version ? c.versions.find((v) => v.version === version)?.bad : null);
  for (const e of c.environments) {
    const bad = badOf(e.version);
    const flags = [bad ? `MARKED BAD: ${value(bad.reason)}` : '', e.drift ? (DRIFT_WORDS[e.drift] ?? '') : ''].filter(Boolean);
    const moved = e.movedAt ? `; moved ${when(e.movedAt, now)}${e.movedBy ? ` by ${value(e.movedBy)}` : ''}` : '';
    const live = e.live
      ? e.live.state === 'live'
        ? `; reported live since ${when(e.live.since, now)}`
        : `; deploy pending (last reported live: ${position(e.live.version, e.live.commit)})`
      : '';
    lines.push(`  ${name(e.name)} → ${position(e.version, e.commit)}${flags.length ? ` (${flags.join(', ')})` : ''}${moved}${live}`);
  }
  const versions = c.versions.slice(0, MAX_VERSIONS).map((v) => `${name(v.version)}${v.bad ? ' (bad)' : ''}`);
  lines.push(`  versions: ${versions.join(', ') || 'none'}${c.versions.length > MAX_VERSIONS ? `, … (${c.versions.length} in all)` : ''}`);
  return lines;
}

export const statusTool: AgentTool = {
  name: 'edgit_status',
  title: 'Edgit status',
  description:
    'What is deployed now: every component with each environment (production, staging, …) and the version it points at, when and by whom it moved, bad marks, whether a deploy reported it live or it is pending, and drift from the remote as of the last sync. Optionally one component or one environment. Same answer as `edgit-deploy status --json`.',
  inputSchema: {
    type: 'object',
    properties: {
      component: { type: 'string', description: 'Only this component, e.g. prompts/extraction.' },
      environment: { type: 'string', description: 'Only this environment, e.g. production.' },
    },
    additionalProperties: false,
  },
  moves: false,
  async answer(context, input) {
    const args = ToolInput.of(this.name, input, ['component', 'environment']);
    const component = args.component('component');
    const environment = args.environment('environment');
    const json = await readStatusJson(context);
    const now = context.now();
    let components = json.components;
    if (component) {
      const matches = components.filter((c) => c.id === component || c.key === component);
      if (!matches.length) throw new EdgitError(`No component "${component}" in this repository.`, 'unknown-component', 'edgit_status without inputs lists them.');
      components = matches;
    }
    if (environment) components = components.map((c) => ({ ...c, environments: c.environments.filter((e) => e.name === environment) })).filter((c) => c.environments.length);
    const { shown, leftOut } = bounded(components, MAX_COMPONENTS);
    const lines = [`${components.length} component(s)${environment ? ` with ${name(environment)}` : ''} in ${value(json.repository)}, as of ${when(now, now)}:`];
    for (const c of shown) lines.push(...componentLines(c, now));
    lines.push(...leftOutLine(leftOut, 'component(s)', 'ask with component or environment'));
    if (json.remote) lines.push(`Drift compared with ${value(json.remote.name)} ${json.remote.checked === 'now' ? 'now' : `as of the last sync${json.remote.lastSync ? `, ${when(json.remote.lastSync, now)}` : ''}`}.`);
    if (json.skipped.length) lines.push(`${json.skipped.length} unreadable or contradictory item(s) skipped.`);
    const filtered = component || environment || leftOut;
    return {
      text: lines.join('\n'),
      json: filtered ? { ...json, components: shown, ...(leftOut ? { leftOut: { components: leftOut, note: `${leftOut} more component(s) not listed: ask for one with component.` } } : {}) } : json,
    };
  },
};
