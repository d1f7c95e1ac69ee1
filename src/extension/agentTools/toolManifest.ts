// No vscode here: the unit tests read it to hold package.json's declarations to the core's tools.
import type { AgentTool, JsonSchema } from '../../agentTools/agentTool';

/** The editor's own input of every tool: which open repository, when several are. */
const REPOSITORY_INPUT: JsonSchema = {
  type: 'string',
  description: 'Which open repository (its folder name or path), when the workspace has several; else the only one.',
};

/**
 * The input schema VS Code declares for a core tool: the core's, with `repository` added, and for
 * a moving tool without `confirm` (the person confirms in VS Code's own confirmation, not by a
 * word the model passes back).
 */
export function editorInputSchema(tool: AgentTool): JsonSchema {
  const properties = Object.entries(tool.inputSchema.properties ?? {}).filter(([k]) => !tool.moves || k !== 'confirm');
  return {
    ...tool.inputSchema,
    properties: { ...Object.fromEntries(properties), repository: REPOSITORY_INPUT },
    ...(tool.inputSchema.required ? { required: tool.inputSchema.required.filter((r) => !tool.moves || r !== 'confirm') } : {}),
  };
}

/**
 * What VS Code tells the model a tool does: the core's description; for a moving tool without the
 * sentences about the `confirm` input (VS Code asks the person itself before invoke), and saying so.
 */
export function editorModelDescription(tool: AgentTool): string {
  if (!tool.moves) return tool.description;
  const kept = tool.description.split(/(?<=\.)\s+/).filter((sentence) => !/\bconfirm\b/.test(sentence));
  return [...kept, 'VS Code shows the person the exact moves and their checks, and nothing changes unless they confirm.'].join(' ');
}
