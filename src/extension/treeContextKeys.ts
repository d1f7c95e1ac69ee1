import * as vscode from 'vscode';
import type { TreeStatus } from './tree/componentTreeProvider';

/**
 * Context keys read by package.json's `viewsWelcome` and view/title menus:
 * `edgit.state` = loading | untrusted | noFolder | noGit | noTags | ready | error;
 * `edgit.filtering` = true while the Components view is filtered.
 */
const CONTEXT_KEYS = { state: 'edgit.state', filtering: 'edgit.filtering' } as const;

export function publishTreeStatus(status: TreeStatus): Thenable<unknown> {
  return Promise.all([
    vscode.commands.executeCommand('setContext', CONTEXT_KEYS.state, status.state),
    vscode.commands.executeCommand('setContext', CONTEXT_KEYS.filtering, !!status.filter),
  ]);
}
