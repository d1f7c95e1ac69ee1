import * as readline from 'node:readline';
import { EdgitError } from '../engine';
import { CliContext, flag } from './cliContext';
import { shownMessage, shownName } from './untrustedOutput';

/**
 * Asks the user to confirm a tag move. Without a terminal (CI) only `--yes` confirms.
 * `typed`: the exact word the user must type (protected environments), else y/yes.
 */
export async function confirmMove(ctx: CliContext, question: string, typed?: string, what = 'moves tags'): Promise<void> {
  if (flag(ctx, 'yes')) return;
  if (!ctx.interactive) {
    throw new EdgitError(
      `This command ${what} and there is no terminal to confirm it; nothing was changed.`,
      'bad-input',
      'Review the plan above (or see it with --dry-run) and repeat with --yes.',
    );
  }
  // readline writes the prompt to the terminal itself, past the CLI's output boundary: the
  // question quotes names and values from data, escaped here.
  const prompt = typed ? `${shownMessage(question)}\nType "${shownName(typed)}" to confirm: ` : `${shownMessage(question)} [y/N] `;
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  const answer = await new Promise<string>((resolve) => rl.question(prompt, resolve));
  rl.close();
  const ok = typed ? answer.trim() === typed : /^(y|yes)$/i.test(answer.trim());
  if (!ok) throw new EdgitError('Not confirmed; nothing was changed.', 'bad-input');
}
