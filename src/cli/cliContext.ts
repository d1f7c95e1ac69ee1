import { Git, ReadProblem, escapeJsonText, openRepository } from '../engine';
import { shownMessage } from './untrustedOutput';
import { fixed, flowing, layoutRecord } from './recordLayout';

/** What every command receives: its parsed options, positionals and the streams to write to. */
export interface CliContext {
  readonly positionals: readonly string[];
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Whether a person can answer questions (stdin and stdout are terminals, and CI is not set). */
  readonly interactive: boolean;
  readonly cwd: string;
  /** How wide output for people may be (terminalWidth.ts); records are laid out to it (recordLayout.ts). */
  readonly width: number;
}

export interface CliCommand {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** Options this command accepts beyond the common ones, in util.parseArgs form. */
  readonly options?: Readonly<Record<string, { type: 'string' | 'boolean'; multiple?: boolean; optionalValue?: boolean }>>;
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

/** Tells on stderr what the readers skipped (nothing when nothing was): how many, then each place and what, laid out to the width. */
export function printSkipped(ctx: CliContext, skipped: readonly ReadProblem[]): void {
  if (skipped.length) ctx.stderr.write(skippedLines(ctx.width, skipped).join('\n') + '\n');
}

/** The lines telling what was skipped: a count, then up to `max` items (place, then what), and how many more. */
export function skippedLines(width: number, skipped: readonly ReadProblem[], max = 5): string[] {
  const lines = [`${skipped.length} unreadable or contradictory item(s) skipped:`];
  for (const p of skipped.slice(0, max)) {
    lines.push(...layoutRecord(width, { indent: 2, head: [fixed(`${shownMessage(p.where)}:`)], details: [[flowing(shownMessage(p.what))]], detailsInline: true, separator: ' ' }));
  }
  if (skipped.length > max) lines.push(`  and ${skipped.length - max} more (--json lists them all)`);
  return lines;
}

/** JSON, exactly: the values as they are, hidden characters in strings written as `\u` escapes. */
export function printJson(ctx: CliContext, value: unknown): void {
  ctx.stdout.write(escapeJsonText(JSON.stringify(value, null, 2)) + '\n');
}
