import * as vscode from 'vscode';
import { Git } from '../engine';

/** Quotes an argument for display only (commands are never run through a shell). */
function shown(arg: string): string {
  return /^[\w@%+=:,./^~{}-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Logs every git command any Git instance runs to the Edgit output channel. */
export function logGitCommands(log: vscode.LogOutputChannel): vscode.Disposable {
  const unregister = Git.onCommand(({ args, exitCode, ms, cwd }) => {
    const line = `git ${args.map(shown).join(' ')} → exit ${exitCode}, ${ms} ms (${cwd})`;
    // Non-zero is often an answer (`cat-file` on a missing file), so every command logs at info.
    log.info(line);
  });
  return new vscode.Disposable(unregister);
}
