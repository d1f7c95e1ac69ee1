import * as vscode from 'vscode';

/**
 * The optional reason of a move. Resolves with the text ('' when the user just pressed Enter),
 * or undefined when cancelled with Escape (the move is then not made).
 */
export function askReason(title: string): Promise<string | undefined> {
  return Promise.resolve(
    vscode.window.showInputBox({
      title,
      prompt: 'Why? Optional: recorded in the tag message and the deployment history. Enter to skip, Escape to cancel.',
      placeHolder: 'e.g. error rate up since the last deploy',
      ignoreFocusOut: true,
    }),
  ).then((v) => (v === undefined ? undefined : v.trim()));
}
