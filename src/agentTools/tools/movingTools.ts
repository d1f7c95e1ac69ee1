import { AgentTool, JsonSchema, ToolContext } from '../agentTool';
import { MoveRequest, applyMove, prepareMove } from '../moveFlow';
import { ToolInput, bad, componentName, versionName } from '../toolInput';

/**
 * The tools that move environment tags or write the deployment history. Their answer is the plan
 * (nothing changes); they apply only with `confirm` set to the word the person confirmed, through
 * the CLI's flow. Every front door asks the person first (MCP: destructive tools; VS Code: the
 * tool's confirmation).
 */

const PUSH: JsonSchema = { type: 'boolean', description: 'Also push the moved tags and the history to the remote, in one atomic push that refuses to overwrite a teammate’s move (default: local only).' };
const CONFIRM: JsonSchema = {
  type: 'string',
  description: 'Only after the person confirmed this exact plan: the confirmation word the plan names (the protected environment’s name, e.g. "production", else "yes"). Without it nothing changes and the plan is returned.',
};
const REASON: JsonSchema = { type: 'string', description: 'Why (an incident id and what is wrong): recorded in the deployment history.' };

/** A moving tool from how it reads its input into a request. */
function movingTool(tool: Omit<AgentTool, 'moves' | 'answer' | 'prepare' | 'apply'> & { read(args: ToolInput): MoveRequest; fields: readonly string[] }): AgentTool {
  const request = (input: unknown) => {
    const args = ToolInput.of(tool.name, input, [...tool.fields, 'confirm']);
    return { request: tool.read(args), confirm: args.string('confirm', { max: 200 }) };
  };
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: tool.inputSchema,
    moves: true,
    async answer(context: ToolContext, input: unknown) {
      const prepared = await prepareMove(context, request(input).request);
      return { text: `${prepared.text}\nNothing was changed. To apply it, show the person this plan and, once they confirm, call again with confirm: "${prepared.confirmation.word}".`, json: prepared.json };
    },
    prepare(context: ToolContext, input: unknown) {
      return prepareMove(context, request(input).request);
    },
    async apply(context: ToolContext, input: unknown) {
      const { request: r, confirm } = request(input);
      return applyMove(context, await prepareMove(context, r), confirm);
    },
  };
}

export const rollbackTool = movingTool({
  name: 'edgit_rollback',
  title: 'Edgit: roll an environment back',
  description:
    'Roll one component’s environment back: to version when given (a higher version is a deploy), else to the last known good version (the newest it held before that is lower and not marked bad). Moves a tag: requires the person’s confirmation. Without confirm it returns the plan (checks, content change, the confirmation word) and changes nothing. markBad also marks the version left bad, in the same batch. Same flow as `edgit-deploy rollback`.',
  inputSchema: {
    type: 'object',
    properties: {
      component: { type: 'string', description: 'The component, e.g. prompts/extraction.' },
      environment: { type: 'string', description: 'The environment, e.g. production.' },
      version: { type: 'string', description: 'The version to go to; default: the last known good one.' },
      markBad: { type: 'boolean', description: 'Also mark the version left bad (needs reason).' },
      reason: REASON,
      push: PUSH,
      confirm: CONFIRM,
    },
    required: ['component', 'environment'],
    additionalProperties: false,
  },
  fields: ['component', 'environment', 'version', 'markBad', 'reason', 'push'],
  read: (args) => ({
    kind: 'rollback',
    component: args.component('component', { required: true }),
    environment: args.environment('environment', { required: true, toMove: true }),
    version: args.version('version'),
    markBad: args.boolean('markBad'),
    reason: args.string('reason'),
    push: args.boolean('push'),
  }),
});

export const partialRollbackTool = movingTool({
  name: 'edgit_partial_rollback',
  title: 'Edgit: partial rollback of several components',
  description:
    'Move several components of one environment back at once, all or nothing, each to the version given (one batch, recorded as a rollback when every move goes down). Moves tags: requires the person’s confirmation. Without confirm it returns the plan and changes nothing. Same flow as `edgit-deploy batch ENV COMPONENT=VERSION …`.',
  inputSchema: {
    type: 'object',
    properties: {
      environment: { type: 'string', description: 'The environment, e.g. production.' },
      targets: {
        type: 'array',
        minItems: 1,
        maxItems: 100,
        description: 'Each component and the version to move it to.',
        items: {
          type: 'object',
          properties: { component: { type: 'string', description: 'e.g. prompts/extraction' }, version: { type: 'string', description: 'e.g. v1.1.0' } },
          required: ['component', 'version'],
          additionalProperties: false,
        },
      },
      markBad: { type: 'boolean', description: 'Also mark each version left bad (needs reason).' },
      reason: REASON,
      push: PUSH,
      confirm: CONFIRM,
    },
    required: ['environment', 'targets'],
    additionalProperties: false,
  },
  fields: ['environment', 'targets', 'markBad', 'reason', 'push'],
  read: (args) => {
    const targets = args.list('targets', (v, where) => {
      const t = v as { component?: unknown; version?: unknown } | null;
      if (!t || typeof t !== 'object' || typeof t.component !== 'string' || typeof t.version !== 'string' || Object.keys(t).some((k) => k !== 'component' && k !== 'version')) {
        throw bad(`edgit_partial_rollback: ${where} must be {"component": …, "version": …}.`);
      }
      return { component: componentName(t.component, `edgit_partial_rollback: ${where}.component`), version: versionName(t.version, `edgit_partial_rollback: ${where}.version`) };
    });
    if (!targets?.length) throw bad('edgit_partial_rollback needs targets: at least one {"component", "version"}.');
    return { kind: 'batch', environment: args.environment('environment', { required: true, toMove: true }), targets, markBad: args.boolean('markBad'), reason: args.string('reason'), push: args.boolean('push') };
  },
});

export const markBadTool = movingTool({
  name: 'edgit_mark_bad',
  title: 'Edgit: mark a version bad',
  description:
    'Mark a version bad in the shared deployment history, with a reason: it is never suggested as last known good again, and moves to it are refused unless overridden. Writes the history: requires the person’s confirmation. Without confirm it returns what would be written and changes nothing. Same flow as `edgit-deploy mark-bad`.',
  inputSchema: {
    type: 'object',
    properties: {
      component: { type: 'string', description: 'The component, e.g. prompts/extraction.' },
      version: { type: 'string', description: 'The version, e.g. v2.0.0.' },
      reason: { type: 'string', description: 'Why it is bad (an incident id and what is wrong): people who meet the mark read it.' },
      push: { type: 'boolean', description: 'Also push the history to the remote (default: local only).' },
      confirm: CONFIRM,
    },
    required: ['component', 'version', 'reason'],
    additionalProperties: false,
  },
  fields: ['component', 'version', 'reason', 'push'],
  read: (args) => ({
    kind: 'mark-bad',
    component: args.component('component', { required: true }),
    version: args.version('version', { required: true }),
    reason: args.string('reason', { required: true }),
    push: args.boolean('push'),
  }),
});
