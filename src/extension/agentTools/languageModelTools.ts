import * as vscode from 'vscode';
import { AGENT_TOOLS, AgentTool, createToolContext } from '../../agentTools';
import { ToolAnswer } from '../../agentTools/agentTool';
import { isEdgitError } from '../../engine';
import { CommandContext } from '../commands/commandContext';
import { EdgitServices } from '../services';
import { MovingTool, movingTools } from './movingTools';
import { toolRepository } from './toolRepository';

type Services = EdgitServices & { readonly isTrusted: boolean; readonly onDidGrantTrust?: vscode.Event<unknown> };

/** What the extension's API gives tests and the benchmark of its language model tools. */
export interface LanguageModelToolsApi {
  /** The answer (text and JSON) the read-only tool gave at its last invocation, from the core the CLI's `--json` prints from. */
  lastAnswer(name: string): ToolAnswer | undefined;
  /** The confirmation the moving tool last asked VS Code to show (title and message), for tests. */
  asked(name: string): { readonly title: string; readonly message: string } | undefined;
  /** The moving tools' own functions: `prepare` builds what prepareInvocation asks, `move` is what invoke does once confirmed. */
  readonly moving: Readonly<Record<string, MovingTool>>;
  /** Answers a read-only tool's question as invoke does, without VS Code in between (the benchmark's reference). */
  answer(name: string, input: Record<string, unknown>): Promise<ToolAnswer>;
}

/** The text parts a model reads. */
function resultOf(text: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
}

/** An error as the model should read it (thrown, as VS Code asks of tools): what went wrong and what to do, an EdgitError's own words. */
function modelError(e: unknown): Error {
  return new Error(isEdgitError(e) ? e.userMessage : `Edgit could not answer: ${e instanceof Error ? e.message : String(e)}`);
}

/** The input without the editor's own `repository` field: the core's input. */
function coreInput(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([k]) => k !== 'repository'));
}


/**
 * A read-only tool's answer about the repository the input names (or the only one), from the core
 * the CLI's `--json` prints from. In an untrusted workspace: refused before any git runs.
 */
export async function readOnlyAnswer(services: Services, tool: AgentTool, input: Record<string, unknown>): Promise<ToolAnswer> {
  const repository = await toolRepository(services, input.repository);
  // The repository's own Git (its caches) and the editor's protected environments; no move runner: this path only reads.
  return tool.answer(createToolContext(repository.git, { protectedEnvironments: services.settings().protectedEnvironments }), coreInput(input));
}

/**
 * Registers Edgit's language model tools (declared in package.json `contributes.languageModelTools`):
 * the read-only ones answer from the core the CLI's `--json` prints from; in an untrusted
 * workspace they say so and run no git. The moving ones exist only in a trusted workspace
 * (registered when trust is granted): each asks the person to confirm the exact moves, in the
 * editor's words, before its invoke moves anything through the editor's own flow.
 */
export function registerLanguageModelTools(context: vscode.ExtensionContext, services: Services, ctx: CommandContext): LanguageModelToolsApi {
  const last = new Map<string, ToolAnswer>();
  const asked = new Map<string, { title: string; message: string }>();
  const moving = movingTools({ ...ctx, services });
  const answer = (tool: AgentTool, input: Record<string, unknown>) => readOnlyAnswer(services, tool, input);

  for (const tool of AGENT_TOOLS.filter((t) => !t.moves)) {
    context.subscriptions.push(
      vscode.lm.registerTool<Record<string, unknown>>(tool.name, {
        prepareInvocation: () => ({ invocationMessage: `${tool.title}…` }),
        async invoke(options) {
          try {
            const answered = await answer(tool, options.input ?? {});
            last.set(tool.name, answered);
            return resultOf(answered.text);
          } catch (e) {
            throw modelError(e);
          }
        },
      }),
    );
  }

  let registeredMoving = false;
  const registerMoving = () => {
    if (registeredMoving) return;
    registeredMoving = true;
    for (const [name, tool] of Object.entries(moving)) {
      context.subscriptions.push(
        vscode.lm.registerTool<Record<string, unknown>>(name, {
          // Plans, checks and words the question; nothing changes. A refused move is said here, and nothing is asked.
          async prepareInvocation(options) {
            try {
              const question = await tool.prepare(options.input ?? {});
              asked.set(name, { title: question.title, message: question.message });
              return { invocationMessage: question.progress, confirmationMessages: { title: question.title, message: question.message } };
            } catch (e) {
              throw modelError(e);
            }
          },
          // Called by VS Code only after the person confirmed what prepareInvocation asked.
          async invoke(options) {
            try {
              return resultOf((await tool.move(options.input ?? {})).text);
            } catch (e) {
              throw modelError(e);
            }
          },
        }),
      );
    }
  };
  if (services.isTrusted) registerMoving();
  else context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(registerMoving));

  return {
    lastAnswer: (name) => last.get(name),
    asked: (name) => asked.get(name),
    moving,
    answer: (name, input) => {
      const tool = AGENT_TOOLS.find((t) => t.name === name && !t.moves);
      return tool ? answer(tool, input) : Promise.reject(new Error(`No read-only Edgit tool ${name}.`));
    },
  };
}
