import { parseArgs } from 'node:util';
import { isEdgitError } from '../engine';
import { CliCommand, CliContext } from './cliContext';
import { COMMANDS } from './commandTable';
import { outputWidth } from './terminalWidth';
import { escapingStream, shownMessage, shownText } from './untrustedOutput';

/** The CLI's program: parses a command line and runs the command. Its executable is bin.ts (dist/cli.js). */

const COMMON_OPTIONS = {
  repo: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Options whose value may be left out (`status --remote`): given without one (last, or before
 * another option), they are read as given the empty string.
 */
function withOptionalValues(args: readonly string[], command: CliCommand): string[] {
  const optional = Object.entries(command.options ?? {}).filter(([, o]) => o.optionalValue).map(([name]) => `--${name}`);
  return args.map((a, i) => (optional.includes(a) && (i + 1 === args.length || args[i + 1].startsWith('-')) ? `${a}=` : a));
}

function usage(): string {
  const lines = ['Usage: edgit-deploy COMMAND [options]', '', 'Commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(11)} ${c.summary}`);
  lines.push('', 'Every command accepts --repo DIR (default: the current folder) and --json.', 'edgit-deploy COMMAND --help shows its options.');
  return lines.join('\n');
}

/**
 * Runs the CLI and returns its exit code: 0 success, 1 refused or failed, 2 bad usage.
 * Everything written for people goes through one boundary (untrustedOutput.ts): stderr always,
 * stdout unless --json. JSON keeps every value exactly (printJson writes hidden characters as `\u` escapes).
 */
export async function main(argv: readonly string[], io: Pick<CliContext, 'stdout' | 'stderr'> = process): Promise<number> {
  const human = { stdout: escapingStream(io.stdout), stderr: escapingStream(io.stderr) };
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    human.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const command: CliCommand | undefined = COMMANDS.find((c) => c.name === name);
  if (!command) {
    human.stderr.write(`edgit-deploy: unknown command "${shownText(name)}". Run edgit-deploy --help for the list.\n`);
    return 2;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: withOptionalValues(rest, command),
      options: { ...COMMON_OPTIONS, ...Object.fromEntries(Object.entries(command.options ?? {}).map(([n, o]) => [n, o.multiple ? { type: o.type, multiple: true } : { type: o.type }])) },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    human.stderr.write(`edgit-deploy ${name}: ${shownText((e as Error).message.split('\n')[0])}\nUsage: edgit-deploy ${command.usage}\n`);
    return 2;
  }
  if (parsed.values.help) {
    human.stdout.write(`Usage: edgit-deploy ${command.usage}\n${command.summary}\n`);
    return 0;
  }
  const ctx: CliContext = {
    positionals: parsed.positionals,
    options: parsed.values as CliContext['options'],
    stdout: parsed.values.json ? io.stdout : human.stdout,
    stderr: human.stderr,
    interactive: !process.env.CI && !!process.stdin.isTTY && !!process.stdout.isTTY,
    cwd: process.cwd(),
    width: outputWidth(io.stdout as Partial<NodeJS.WriteStream>, io.stderr as Partial<NodeJS.WriteStream>),
  };
  try {
    return await command.run(ctx);
  } catch (e) {
    if (isEdgitError(e)) {
      // One line, names quoted in it unmistakable: git's words and names cannot start another or pass for others.
      human.stderr.write(`edgit-deploy ${name}: ${shownMessage(e.userMessage)}\n`);
      return e.code === 'bad-usage' ? 2 : 1;
    }
    // The error's own words on one line, then where it happened.
    const frames = e instanceof Error ? (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)) : [];
    human.stderr.write(`edgit-deploy ${name}: unexpected error: ${shownText(String(e))}\n${frames.map((f) => f + '\n').join('')}`);
    return 1;
  }
}
