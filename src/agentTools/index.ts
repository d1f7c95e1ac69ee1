import { Git } from '../engine';
import { parseProtectedEnvironments } from './answers/movePlanAnswer';
import { AgentTool, MoveRunner, ToolContext } from './agentTool';
import { atTool } from './tools/atTool';
import { changesTool } from './tools/changesTool';
import { contentTool } from './tools/contentTool';
import { historyTool } from './tools/historyTool';
import { markBadTool, partialRollbackTool, rollbackTool } from './tools/movingTools';
import { planRollbackTool } from './tools/planRollbackTool';
import { referencesTool } from './tools/referencesTool';
import { statusTool } from './tools/statusTool';

/**
 * Edgit's agent tools: questions asked during an incident ("what was live in production at
 * 14:47?", "what changed in the hour before it broke?", "which ensembles pin the broken
 * version?"), answered from the same functions as the CLI's `--json`. Front-door neutral (no
 * `vscode` import): `edgit-deploy mcp` serves them over stdio (src/cli/mcp/), and VS Code's
 * language model tools are a thin adapter over the same list.
 *
 * Using them:
 *
 *   const context = createToolContext(root);            // or a Git the extension already has
 *   const tool = AGENT_TOOLS.find((t) => t.name === 'edgit_at');
 *   const { text, json } = await tool.answer(context, { time: '2026-11-24T14:47' });
 *
 * - `name`, `title`, `description`, `inputSchema` (plain JSON Schema: the same object fits MCP's
 *   `inputSchema` and package.json's `languageModelTools[].inputSchema`).
 * - `answer(context, input)`: `{ text, json }`. `text` is compact and bounded, moments in words
 *   and ISO 8601; `json` is what the CLI's `--json` prints for the same question (status, at,
 *   history, refs, rollback --dry-run), cut where it could be huge with a `leftOut` note.
 *   Bad input throws an EdgitError (`userMessage`: what is wrong and what to send instead).
 * - `moves: true` (edgit_rollback, edgit_partial_rollback, edgit_mark_bad): `answer` gives the
 *   plan and changes nothing; `prepare(context, input)` gives the plan with its `confirmation`
 *   (`title`, `message`, and `word`: the environment's name for a protected environment, else
 *   `yes`, as the CLI asks); `apply(context, { ...input, confirm: word })` applies it through the
 *   CLI's own flow (context.runMove: checks, one batch all or nothing, the atomic push with
 *   `push: true`, the deployment history) and refuses without the word or without a runner.
 */
export const AGENT_TOOLS: readonly AgentTool[] = [
  statusTool,
  atTool,
  changesTool,
  historyTool,
  contentTool,
  referencesTool,
  planRollbackTool,
  rollbackTool,
  partialRollbackTool,
  markBadTool,
];

export interface ToolContextOptions {
  /** Environments confirmed by typing their name; default: EDGIT_PROTECTED_ENVIRONMENTS, else production. */
  readonly protectedEnvironments?: readonly string[];
  /** How moves are applied; without one, the moving tools only plan. */
  readonly runMove?: MoveRunner;
}

/** The context the tools answer from, for the repository at `root` (a folder, or the Git an editor already has). */
export function createToolContext(root: string | Git, options: ToolContextOptions = {}): ToolContext {
  return {
    git: typeof root === 'string' ? new Git(root) : root,
    protectedEnvironments: options.protectedEnvironments ?? parseProtectedEnvironments(process.env.EDGIT_PROTECTED_ENVIRONMENTS),
    runMove: options.runMove,
    now: () => new Date(),
  };
}

export type { AgentTool, MoveRunner } from './agentTool';
