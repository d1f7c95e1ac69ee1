import { AgentTool } from '../agentTool';
import { prepareMove } from '../moveFlow';
import { ToolInput } from '../toolInput';

export const planRollbackTool: AgentTool = {
  name: 'edgit_plan_rollback',
  title: 'Edgit: plan a rollback',
  description:
    'The dry run of rolling one component’s environment back: the suggested last known good version (the newest it held before that is lower and not marked bad) unless a version is given, the move, the content change of its file, the safety checks (prerelease, missing file, marked bad, protected environment) and what would refuse it. Changes nothing. Same plan as `edgit-deploy rollback COMPONENT ENV [VERSION] --dry-run --json`.',
  inputSchema: {
    type: 'object',
    properties: {
      component: { type: 'string', description: 'The component, e.g. prompts/extraction.' },
      environment: { type: 'string', description: 'The environment, e.g. production.' },
      version: { type: 'string', description: 'A version to plan for instead of the suggested one.' },
    },
    required: ['component', 'environment'],
    additionalProperties: false,
  },
  moves: false,
  async answer(context, input) {
    const args = ToolInput.of(this.name, input, ['component', 'environment', 'version']);
    const prepared = await prepareMove(context, {
      kind: 'rollback',
      component: args.component('component', { required: true }),
      environment: args.environment('environment', { required: true, toMove: true }),
      version: args.version('version'),
      markBad: false,
      push: false,
    });
    const confirm = prepared.confirmation.word === 'yes' ? 'to confirm (yes)' : `to type "${prepared.confirmation.word}" (a protected environment)`;
    return { text: `${prepared.text}\nDry run: nothing was changed. Applying it (edgit_rollback) asks the person ${confirm}.`, json: prepared.json };
  },
};
