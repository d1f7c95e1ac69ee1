import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Edgit', { log: true });
  context.subscriptions.push(log);
  log.info('Edgit for VS Code activated');
}

export function deactivate(): void {
  // nothing to release beyond context.subscriptions
}
