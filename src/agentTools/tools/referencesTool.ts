import { readReferences, referencesJson, wantedComponent } from '../answers/refsAnswer';
import { AgentTool } from '../agentTool';
import { ToolInput, bad, versionName } from '../toolInput';
import { bounded, leftOutLine, name, value } from '../toolText';

/** References listed at most. */
const MAX_REFERENCES = 50;

export const referencesTool: AgentTool = {
  name: 'edgit_references',
  title: 'Edgit: where a component is pinned',
  description:
    'Where components are referenced in the ensembles and agents (YAML): file, line, what is written (a version pin like prompts/extraction@v2.0.0 or an environment like @production), what it resolves to now, and problems (a missing tag, a pinned version marked bad, a pin no environment serves). Answers "which ensembles pin the broken version?". Optionally one component, or component@version. Same answer as `edgit-deploy refs --json`.',
  inputSchema: {
    type: 'object',
    properties: {
      component: { type: 'string', description: 'Only references to this component, e.g. prompts/extraction.' },
      version: { type: 'string', description: 'With component: only references written with this slot (a version like v2.0.0, or an environment).' },
    },
    additionalProperties: false,
  },
  moves: false,
  async answer(context, input) {
    const args = ToolInput.of(this.name, input, ['component', 'version']);
    const component = args.component('component');
    const slot = args.string('version', { max: 200 });
    if (slot && !component) throw bad(`${this.name}: version goes with component.`, 'For example {"component": "prompts/extraction", "version": "v2.0.0"}.');
    const wanted = component ? wantedComponent(slot ? `${component}@${versionName(slot, `${this.name}: version`)}` : component) : undefined;
    const read = await readReferences(context.git, { include: [], exclude: [] }, wanted);
    const json = referencesJson(read);
    const { shown, leftOut } = bounded(read.resolved, MAX_REFERENCES);
    const problems = read.resolved.reduce((n, r) => n + r.resolution.problems.filter((p) => p.severity === 'error').length, 0);
    const what = wanted ? ` to ${name(wanted.component)}${wanted.slot ? `@${name(wanted.slot)}` : ''}` : '';
    const lines = [
      read.resolved.length
        ? `${read.resolved.length} reference(s)${what} in ${new Set(read.resolved.map((r) => r.site.file)).size} file(s), ${problems} error(s):`
        : `No reference${what} in ${read.index.scope.include.map(value).join(', ')}.`,
    ];
    for (const r of shown) {
      const s = r.site;
      lines.push(`  ${value(s.file)}:${s.line}:${s.column} ${name(s.reference.text)} → ${value(r.resolution.summary)}`);
      for (const p of r.resolution.problems) lines.push(`    ${p.severity}: ${value(p.message)}`);
    }
    lines.push(...leftOutLine(leftOut, 'reference(s)', 'ask for one component'));
    if (read.unreadable.length) lines.push(`${read.unreadable.length} file(s) unreadable as YAML.`);
    return {
      text: lines.join('\n'),
      json: leftOut ? { ...json, references: json.references.slice(0, MAX_REFERENCES), leftOut: { references: leftOut, note: `${leftOut} more reference(s) not listed: ask for one component.` } } : json,
    };
  },
};
