import * as path from 'node:path';
import { EdgitError } from './errors';

/**
 * What to keep of git's error output. git's last line is often only the end of a sentence
 * ("remove the file manually to continue."); the line that says what happened and the file it is
 * about come before it. These helpers keep every `fatal:`/`error:` line and name a stale lock.
 */

/** git's message in one line: its fatal/error/rejected lines (all of them), else its last line. */
export function gitErrorDetail(stderr: string, fallback = 'no details'): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const errors = lines.filter((l) => /^(fatal|error|! \[|remote: error)/.test(l)).map((l) => l.replace(/^(fatal|error): /, ''));
  if (errors.length) return [...new Set(errors)].join('; ');
  return lines.length ? lines[lines.length - 1].replace(/^(fatal|error): /, '') : fallback;
}

/** The lock file git's message names (`Unable to create '…/refs/edgit/history.lock': File exists.`), or null. */
function lockFileOf(stderr: string): string | null {
  const m = /Unable to create '([^']+\.lock)': File exists/.exec(stderr);
  return m ? m[1] : null;
}

/**
 * A ref git will not change because a `.lock` file is left next to it, most likely by an
 * interrupted Edgit or git command (a killed push, a closed laptop). `lockFile` is its absolute
 * path, for a front end to reveal it. Its code stays `conflict` (the ref is held, as by a
 * concurrent command); `instanceof StaleLockError` or `lockFile` tells the two apart.
 */
export class StaleLockError extends EdgitError {
  constructor(
    readonly lockFile: string,
    what: string,
  ) {
    super(
      `${what}: git cannot lock a ref because ${lockFile} exists. An interrupted Edgit or git command (a killed push, a closed laptop) probably left it; nothing was changed.`,
      'conflict',
      `Check that no git process is running in this repository (\`pgrep -a git\` on Linux and macOS, \`tasklist | findstr git\` on Windows; close editors and terminals using it), then delete the file (\`rm '${lockFile}'\`) and try again.`,
    );
    this.name = 'StaleLockError';
  }

  /** The lock file's name relative to a folder (e.g. the repository), for short messages. */
  relativeTo(dir: string): string {
    return path.relative(dir, this.lockFile) || this.lockFile;
  }
}

/** A StaleLockError when git's message names a lock file, else undefined. */
export function staleLockError(stderr: string, what: string): StaleLockError | undefined {
  const file = lockFileOf(stderr);
  return file ? new StaleLockError(file, what) : undefined;
}
