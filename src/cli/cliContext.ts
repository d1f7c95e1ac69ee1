import { Git, ReadProblem, describeProblems, escapeJsonText, openRepository } from '../engine';
import { shownMessage } from './untrustedOutput';
import type { AnswerPlace } from '../engine/cache/answerCache';

/** What every command receives: its parsed options, positionals and the streams to write to. */
export interface CliContext {
  readonly positionals: readonly string[];
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Whether a person can answer questions (stdin and stdout are terminals, and CI is not set). */
  readonly interactive: boolean;
  readonly cwd: string;
  /** What the CLI's entry already read of a status answer's inputs (it found no kept answer for them). */
  readonly answerInputs?: ReadAnswerInputs;
}

/** A repository's answer place and its refs listing, as read by the CLI's entry. */
export interface ReadAnswerInputs {
  readonly place: AnswerPlace;
  readonly refs: Buffer;
}

export interface CliCommand {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** Options this command accepts beyond the common ones, in util.parseArgs form. */
  readonly options?: Readonly<Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>>;
  run(ctx: CliContext): Promise<number>;
}

export function stringOption(ctx: CliContext, name: string): string | undefined {
  const v = ctx.options[name];
  return typeof v === 'string' ? v : undefined;
}

export function flag(ctx: CliContext, name: string): boolean {
  return ctx.options[name] === true;
}

export function repository(ctx: CliContext): Promise<Git> {
  return openRepository(stringOption(ctx, 'repo') ?? ctx.cwd);
}

export function print(ctx: CliContext, text: string): void {
  ctx.stdout.write(text.endsWith('\n') ? text : text + '\n');
}

/** JSON, exactly: the values as they are, hidden characters in strings written as `\u` escapes. */
/** Tells on stderr, in one line, what the readers skipped (nothing when nothing was). */
export function printSkipped(ctx: CliContext, skipped: readonly ReadProblem[]): void {
  if (skipped.length) ctx.stderr.write(`${shownMessage(describeProblems(skipped))}.\n`);
}

export function printJson(ctx: CliContext, value: unknown): void {
  ctx.stdout.write(escapeJsonText(JSON.stringify(value, null, 2)) + '\n');
}
