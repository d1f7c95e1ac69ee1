import { Git } from '../engine';

/**
 * What an agent tool is, for every front door (the `edgit-deploy mcp` server, VS Code's language
 * model tools): a name, words for the model, a plain JSON Schema of its input, and the functions
 * that answer. Answers come from the same functions as the CLI's `--json`.
 */

/** A plain JSON Schema object (the subset the tools use), as MCP's `inputSchema` and VS Code's `languageModelTools[].inputSchema` hold it. */
export interface JsonSchema {
  readonly type?: 'object' | 'string' | 'boolean' | 'array' | 'integer';
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxLength?: number;
  readonly additionalProperties?: boolean;
}

/** A tool's answer: compact text a model reads well, and the JSON the CLI's `--json` prints for the same question (bounded, with a `leftOut` note when cut). */
export interface ToolAnswer {
  readonly text: string;
  readonly json: unknown;
}

/**
 * How a moving tool applies what the person confirmed: an `edgit-deploy` command line (without
 * `--repo`, `--json` and `--yes`, which the runner adds) run through the CLI's own flow: its
 * checks, one batch applied all or nothing, the atomic push with `push`, the deployment history.
 * `stdout` is the command's `--json` answer.
 */
export type MoveRunner = (args: readonly string[]) => Promise<{ readonly code: number; readonly stdout: string; readonly stderr: string }>;

/** What every tool answers from: one repository. */
export interface ToolContext {
  /** The repository (its root). */
  readonly git: Git;
  /** Environments whose moves are confirmed by typing their name (the CLI's `--protected`, the editor's `edgit.protectedEnvironments`). */
  readonly protectedEnvironments: readonly string[];
  /** How moves are applied; without one, moving tools refuse (a read-only front door). */
  readonly runMove?: MoveRunner;
  /** The clock times are said against (`2 h ago`). */
  readonly now: () => Date;
}

/** What a person confirms before a moving tool applies: the question and the exact word to type (the environment's name for a protected one, else `yes`). */
interface Confirmation {
  readonly title: string;
  /** The plan, for the person: each move, its content change and checks. */
  readonly message: string;
  /** The exact word that confirms, passed back as the tool's `confirm` input. */
  readonly word: string;
}

/** What a moving tool would do, before anything changes. */
export interface MovePreparation extends ToolAnswer {
  readonly confirmation: Confirmation;
  /** Checks that refuse the move (nothing can be confirmed while there are some). */
  readonly refused: readonly string[];
}

export interface AgentTool {
  /** `edgit_status`, … (MCP tool name and VS Code language model tool name). */
  readonly name: string;
  readonly title: string;
  /** What the tool answers, for the model. */
  readonly description: string;
  readonly inputSchema: JsonSchema;
  /** Whether it moves tags or writes the history (then `prepare` and `apply` exist, `answer` gives the plan). */
  readonly moves: boolean;
  /** The answer (a moving tool: its plan, nothing changed). Throws an EdgitError with what to do on bad input. */
  answer(context: ToolContext, input: unknown): Promise<ToolAnswer>;
  /** Moving tools: the exact moves, their checks and the confirmation words. */
  prepare?(context: ToolContext, input: unknown): Promise<MovePreparation>;
  /** Moving tools: applies the moves through the CLI's flow once `input.confirm` is the confirmation word. */
  apply?(context: ToolContext, input: unknown): Promise<ToolAnswer>;
}
