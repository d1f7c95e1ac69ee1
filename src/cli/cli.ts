import { parseArgs } from 'node:util';
import { isEdgitError } from '../engine';
import { CliCommand, CliContext, ReadAnswerInputs } from './cliContext';
import { COMMANDS } from './commandTable';

/** The CLI's program (dist/cliProgram.js): parses a command line and runs the command. Its executable is bin.ts. */

const COMMON_OPTIONS = {
  repo: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function usage(): string {
  const lines = ['Usage: edgit-deploy COMMAND [options]', '', 'Commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(11)} ${c.summary}`);
  lines.push('', 'Every command accepts --repo DIR (default: the current folder) and --json.', 'edgit-deploy COMMAND --help shows its options.');
  return lines.join('\n');
}

/** Runs the CLI and returns its exit code: 0 success, 1 refused or failed, 2 bad usage. */
export async function main(argv: readonly string[], io: Pick<CliContext, 'stdout' | 'stderr'> = process, answerInputs?: ReadAnswerInputs): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const command: CliCommand | undefined = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`edgit-deploy: unknown command "${name}". Run edgit-deploy --help for the list.\n`);
    return 2;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...COMMON_OPTIONS, ...(command.options ?? {}) },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    io.stderr.write(`edgit-deploy ${name}: ${(e as Error).message.split('\n')[0]}\nUsage: edgit-deploy ${command.usage}\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout.write(`Usage: edgit-deploy ${command.usage}\n${command.summary}\n`);
    return 0;
  }
  const ctx: CliContext = {
    positionals: parsed.positionals,
    options: parsed.values as CliContext['options'],
    stdout: io.stdout,
    stderr: io.stderr,
    interactive: !process.env.CI && !!process.stdin.isTTY && !!process.stdout.isTTY,
    cwd: process.cwd(),
    answerInputs,
  };
  try {
    return await command.run(ctx);
  } catch (e) {
    if (isEdgitError(e)) {
      io.stderr.write(`edgit-deploy ${name}: ${e.userMessage}\n`);
      return 1;
    }
    io.stderr.write(`edgit-deploy ${name}: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}
