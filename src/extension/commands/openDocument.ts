import * as vscode from 'vscode';
import { ComponentInfo } from '../../engine';
import { SlotRef, documentUri, fromEdgitUri } from '../documents';
import { EdgitRepository } from '../services';

export interface OpenedDocument {
  readonly uri: string;
  /** What the tab title shows in parentheses (`production → v1.0.0`). */
  readonly label: string;
}

/** Opens a component at a slot as a read-only `edgit:` document (binary content opens in the binary editor). */
export async function openComponentDocument(repository: EdgitRepository, component: ComponentInfo, slot: SlotRef): Promise<OpenedDocument> {
  const uri = await documentUri(repository, component, slot);
  await vscode.commands.executeCommand('vscode.open', uri, { preview: true });
  return { uri: uri.toString(), label: fromEdgitUri(uri)?.label ?? slot.ref };
}
