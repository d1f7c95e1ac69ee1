import * as path from 'node:path';
import { escapeUntrusted } from '../engine/untrustedText';
import { printKeptStatusAnswer } from './keptStatusAnswer';

/**
 * The `edgit-deploy` executable (dist/cli.js). It prints a kept `status` answer when there is
 * one for exactly this repository's state, and otherwise loads the program (dist/cliProgram.js,
 * src/cli/cli.ts) and runs the command.
 */

type Program = typeof import('./cli');

// `edgit-deploy status | head`: a closed pipe ends the output, not the process with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

async function run(argv: readonly string[]): Promise<number> {
  const kept = await printKeptStatusAnswer(argv, process.cwd(), process.stdout);
  if (kept.printed) return 0;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program is a bundle of its own, loaded only when needed
  const program = require(path.join(__dirname, 'cliProgram.js')) as Program;
  return program.main(argv, process, kept.read);
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`edgit-deploy: ${escapeUntrusted(String(e))}\n`);
    process.exitCode = 1;
  },
);
