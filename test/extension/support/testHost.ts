// A WorkspaceHost the suites control: their own folders, trust and settings, so a registry and
// a tree can be built over repositories made for one test, next to the extension's own.
import * as vscode from 'vscode';
import type { EdgitSettings } from '../../../src/extension/services';
import { DEFAULT_SETTINGS } from '../../../src/extension/settings';
import type { WorkspaceHost } from '../../../src/extension/workspaceHost';

export class TestHost implements WorkspaceHost, vscode.Disposable {
  private readonly foldersChanged = new vscode.EventEmitter<void>();
  private readonly trustGranted = new vscode.EventEmitter<void>();
  private readonly settingsChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeFolders = this.foldersChanged.event;
  readonly onDidGrantTrust = this.trustGranted.event;
  readonly onDidChangeSettings = this.settingsChanged.event;

  constructor(
    private list: string[],
    private trusted = true,
    private current: EdgitSettings = DEFAULT_SETTINGS,
  ) {}

  folders(): readonly string[] {
    return this.list;
  }
  isTrusted(): boolean {
    return this.trusted;
  }
  settings(): EdgitSettings {
    return this.current;
  }

  setFolders(folders: string[]): void {
    this.list = folders;
    this.foldersChanged.fire();
  }
  grantTrust(): void {
    this.trusted = true;
    this.trustGranted.fire();
  }
  setSettings(patch: Partial<EdgitSettings>): void {
    this.current = { ...this.current, ...patch };
    this.settingsChanged.fire();
  }

  dispose(): void {
    this.foldersChanged.dispose();
    this.trustGranted.dispose();
    this.settingsChanged.dispose();
  }
}
