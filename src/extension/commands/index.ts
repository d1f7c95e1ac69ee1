// STUB written by the foundation part so the extension builds before the commands part lands.
// The commands engineer's own src/extension/commands/index.ts replaces this file entirely.
import * as vscode from 'vscode';
import { EdgitServices } from '../services';

export function registerCommands(_context: vscode.ExtensionContext, _services: EdgitServices): void {
  // commands are registered by the commands part
}
