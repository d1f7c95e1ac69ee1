import * as path from 'node:path';
import * as vscode from 'vscode';
import { fromEdgitUri, relativePathOf, toEdgitUri } from './edgitUri';

/** The same document URI with another tab label (what `resourceLabelFormatters` shows in parentheses). */
export function relabel(uri: vscode.Uri, label: string): vscode.Uri {
  const ref = fromEdgitUri(uri);
  if (!ref) return uri;
  return toEdgitUri({ ...ref, label }, relativePathOf(uri, ref.repo));
}

/** One entry of a multi-file diff: the resource it is listed (and keyed) by, and its two sides (undefined: that side does not exist). */
export type MultiDiffEntry = readonly [label: vscode.Uri, left: vscode.Uri | undefined, right: vscode.Uri | undefined];

/**
 * Opens the entries in VS Code's multi-file diff editor (`vscode.changes`), or, where that command
 * is missing, one diff per entry (a side that does not exist opens alone).
 */
export async function openMultiDiff(title: string, entries: readonly MultiDiffEntry[]): Promise<'changes' | 'diff'> {
  try {
    await vscode.commands.executeCommand('vscode.changes', title, entries);
    return 'changes';
  } catch {
    for (const [labelUri, left, right] of entries) {
      const base = path.posix.basename(labelUri.path);
      if (left && right) await vscode.commands.executeCommand('vscode.diff', left, right, `${base} (${fromEdgitUri(labelUri)?.label ?? ''})`, { preview: false });
      else await vscode.commands.executeCommand('vscode.open', (left ?? right)!, { preview: false });
    }
    return 'diff';
  }
}
