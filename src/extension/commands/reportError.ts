import * as vscode from 'vscode';
import { isEdgitError } from '../../engine';
import { EdgitServices } from '../services';
import { Failed } from './results';

/**
 * Shows an error as the user should read it (EdgitError.userMessage says what happened and what
 * to do next), logs it, and returns the `failed` result. Not awaited: commands return at once.
 */
export function reportError(services: EdgitServices, what: string, e: unknown): Failed {
  const message = isEdgitError(e) ? e.userMessage : `${what} failed: ${e instanceof Error ? e.message : String(e)}. See the Edgit log for details.`;
  const code = isEdgitError(e) ? e.code : 'unexpected';
  services.log.error(`${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  void vscode.window.showErrorMessage(message, 'Show Log').then((choice) => {
    if (choice === 'Show Log') services.log.show();
  });
  return { status: 'failed', code, message };
}
