import * as readline from 'node:readline';
import { EdgitError } from '../engine';
import { CliContext, flag } from './cliContext';
import { shownMessage, shownName } from './untrustedOutput';

/** Asks a question at the terminal (on stderr) and returns the answer as typed. */
async function ask(prompt: string): Promise<string> {
  // readline writes the prompt to the terminal itself, past the CLI's output boundary: callers
  // escape what the question quotes from data.
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  const answer = await new Promise<string>((resolve) => rl.question(prompt, resolve));
  rl.close();
  return answer;
}

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
  const prompt = typed ? `${shownMessage(question)}\nType "${shownName(typed)}" to confirm: ` : `${shownMessage(question)} [y/N] `;
  const answer = await ask(prompt);
  const ok = typed ? answer.trim() === typed : /^(y|yes)$/i.test(answer.trim());
  if (!ok) throw new EdgitError('Not confirmed; nothing was changed.', 'bad-input');
}

/**
 * Asks the user to pick one of `choices` by its key (`g`, `o`), at a terminal only: the caller
 * decides what happens without one. Any other answer stops, and nothing was changed.
 */
export async function askChoice<K extends string>(ctx: CliContext, question: string, choices: readonly { key: K; text: string }[]): Promise<K> {
  if (!ctx.interactive) throw new EdgitError('There is no terminal to ask; nothing was changed.', 'bad-usage');
  const lines = choices.map((c) => `  ${c.key}) ${shownMessage(c.text)}`);
  const answer = (await ask(`${shownMessage(question)}\n${lines.join('\n')}\n[${choices.map((c) => c.key).join('/')}/N] `)).trim().toLowerCase();
  const picked = choices.find((c) => c.key === answer);
  if (!picked) throw new EdgitError('Not confirmed; nothing was changed.', 'bad-input');
  return picked.key;
}
