import * as vscode from 'vscode';
import { StaleLockError, isEdgitError } from '../../engine';
import { EdgitServices } from '../services';
import { Failed } from './results';
import { notificationLine } from '../untrustedLabels';

const REVEAL_LOCK = 'Reveal Lock File';
const COPY_LOCK = 'Copy Lock File Path';

/**
 * Shows an error as the user should read it (EdgitError.userMessage says what happened and what
 * to do next), logs it, and returns the `failed` result. Not awaited: commands return at once.
 * A lock file left by an interrupted git or Edgit command gets buttons to find it.
 */
export function reportError(services: EdgitServices, what: string, e: unknown): Failed {
  const message = isEdgitError(e) ? e.userMessage : `${what} failed: ${e instanceof Error ? e.message : String(e)}. See the Edgit log for details.`;
  const code = isEdgitError(e) ? e.code : 'unexpected';
  services.log.error(`${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  const lockFile = e instanceof StaleLockError ? e.lockFile : undefined;
  const actions = lockFile ? [REVEAL_LOCK, COPY_LOCK, 'Show Log'] : ['Show Log'];
  // Errors quote names, git's words and what a remote answered: no hidden character, no link from them.
  void vscode.window.showErrorMessage(notificationLine(message), ...actions).then((choice) => {
    if (choice === 'Show Log') services.log.show();
    else if (choice === REVEAL_LOCK && lockFile) void revealLockFile(lockFile);
    else if (choice === COPY_LOCK && lockFile) void vscode.env.clipboard.writeText(lockFile);
  });
  return { status: 'failed', code, message };
}

/** Shows the lock file in the system's file manager (desktop), else opens it (it is empty) so its path is in the tab. */
async function revealLockFile(lockFile: string): Promise<void> {
  const uri = vscode.Uri.file(lockFile);
  try {
    await vscode.commands.executeCommand('revealFileInOS', uri);
  } catch {
    await vscode.commands.executeCommand('vscode.open', uri, { preview: true });
  }
}
