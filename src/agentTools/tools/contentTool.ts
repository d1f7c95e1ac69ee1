import { ComponentFiles, EdgitError, findVersion, loadObservedHistory, stateAt } from '../../engine';
import { AgentTool } from '../agentTool';
import { ToolInput, bad } from '../toolInput';
import { cutText, name, position, value, when } from '../toolText';

/** Characters of content given at most. */
const MAX_CHARS = 12_000;

export const contentTool: AgentTool = {
  name: 'edgit_content',
  title: 'Edgit: content of a version',
  description:
    "The component's file (a prompt, a config…) at a version, or at what an environment pointed at now or at a past moment. Give component and either version, or environment (and optionally time, ISO 8601). Long files are cut, and the answer says so.",
  inputSchema: {
    type: 'object',
    properties: {
      component: { type: 'string', description: 'The component, e.g. prompts/extraction.' },
      version: { type: 'string', description: 'A version of it, e.g. v1.1.0.' },
      environment: { type: 'string', description: 'Instead of a version: what this environment pointed at.' },
      time: { type: 'string', description: 'With environment: at this moment (ISO 8601) instead of now.' },
    },
    required: ['component'],
    additionalProperties: false,
  },
  moves: false,
  async answer(context, input) {
    const args = ToolInput.of(this.name, input, ['component', 'version', 'environment', 'time']);
    const typed = args.component('component', { required: true });
    const version = args.version('version');
    const environment = args.environment('environment');
    const time = args.moment('time');
    if (!version === !environment) throw bad(`${this.name} needs either version or environment.`, 'For example {"component": "prompts/extraction", "version": "v1.1.0"}.');
    if (time && !environment) throw bad(`${this.name}: time goes with environment.`);
    const { snapshot, history } = await loadObservedHistory(context.git);
    const component = snapshot.find(typed);
    let at: { version: string | null; commit: string | null; evidence?: string };
    if (version) {
      const v = findVersion(component, version);
      at = { version: v.version, commit: v.commit };
    } else if (time) {
      const e = stateAt(history, snapshot, time, { componentKeys: [component.key], environment }).components[0]?.environments[0];
      if (!e || e.evidence === 'unknown' || !e.commit) throw new EdgitError(`What ${component.id} · ${environment} pointed at ${time.toISOString()} is not known.`, 'unknown-environment', 'Ask edgit_at for what is known around that moment.');
      at = { version: e.version, commit: e.commit, evidence: e.evidence };
    } else {
      const e = component.environments.find((x) => x.name === environment);
      if (!e?.commit) throw new EdgitError(`${component.id} has no environment "${environment}".`, 'unknown-environment', `Environments: ${component.environments.map((x) => x.name).join(', ') || 'none'}.`);
      at = { version: e.version, commit: e.commit };
    }
    const commit = at.commit ?? '';
    const content = await new ComponentFiles(context.git).contentAt(component, commit);
    const now = context.now();
    const head = `${name(component.id)} at ${position(at.version, at.commit)}${environment ? ` (${name(environment)}${time ? ` at ${when(time, now)}, ${value(at.evidence)}` : ', now'})` : ''}`;
    const base = { component: component.id, key: component.key, environment: environment ?? null, time: time?.toISOString() ?? null, version: at.version, commit };
    if (!content.found) return { text: `${head}: ${value(content.reason)}.`, json: { ...base, path: content.path, found: false, reason: content.reason } };
    const binary = content.bytes.includes(0);
    const { text, cut } = binary ? { text: '', cut: false } : cutText(content.bytes.toString('utf8'), MAX_CHARS);
    const lines = [`${head}: ${value(content.path)} (${content.bytes.length} bytes${cut ? `, cut at ${MAX_CHARS} characters` : ''})`];
    lines.push(binary ? '(binary file: not shown)' : '```\n' + text + (text.endsWith('\n') ? '' : '\n') + '```');
    return {
      text: lines.join('\n'),
      json: { ...base, path: content.path, found: true, bytes: content.bytes.length, binary, content: binary ? null : text, ...(cut ? { leftOut: { characters: content.bytes.toString('utf8').length - text.length, note: `cut at ${MAX_CHARS} characters` } } : {}) },
    };
  },
};
