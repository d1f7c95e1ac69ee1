import { realpathSync } from 'node:fs';
import * as vscode from 'vscode';

/**
 * Looks a file URI up by its path, then by its real path (a workspace opened through a link,
 * a temp folder behind /tmp → /private/tmp): what `inside` finds first, or undefined.
 */
export function lookUpFilePath<T>(uri: vscode.Uri, inside: (file: string) => T | undefined): T | undefined {
  if (uri.scheme !== 'file') return undefined;
  const direct = inside(uri.fsPath);
  if (direct !== undefined) return direct;
  try {
    return inside(realpathSync.native(uri.fsPath));
  } catch {
    return undefined;
  }
}
