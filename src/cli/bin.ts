import { escapeUntrusted } from '../engine/untrustedText';
import { main } from './cli';

/** The `edgit-deploy` executable (dist/cli.js, one bundle): runs the command line it was given. */

// `edgit-deploy status | head`: a closed pipe ends the output, not the process with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2), process).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`edgit-deploy: ${escapeUntrusted(String(e))}\n`);
    process.exitCode = 1;
  },
);
