import * as vscode from 'vscode';
import { EdgitSettings } from './services';
import { SETTINGS_SECTION, readSettings } from './settings';

/**
 * What the repository registry needs from the window: the folders, trust and settings.
 * The extension uses the real workspace; tests hand in their own folders.
 */
export interface WorkspaceHost {
  /** Absolute paths of the local workspace folders, in order. */
  folders(): readonly string[];
  isTrusted(): boolean;
  settings(): EdgitSettings;
  readonly onDidChangeFolders: vscode.Event<unknown>;
  readonly onDidGrantTrust: vscode.Event<unknown>;
  readonly onDidChangeSettings: vscode.Event<unknown>;
}

/** The window's workspace: local (`file:`) folders only, since git needs a real `.git`. */
export function workspaceHost(): WorkspaceHost {
  return {
    folders: () => (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
    isTrusted: () => vscode.workspace.isTrusted,
    settings: () => readSettings(),
    onDidChangeFolders: vscode.workspace.onDidChangeWorkspaceFolders,
    onDidGrantTrust: vscode.workspace.onDidGrantWorkspaceTrust,
    onDidChangeSettings: (listener, thisArgs, disposables) =>
      vscode.workspace.onDidChangeConfiguration(
        (e) => {
          if (e.affectsConfiguration(SETTINGS_SECTION)) listener.call(thisArgs, e);
        },
        undefined,
        disposables,
      ),
  };
}
