import * as path from 'node:path';
import * as vscode from 'vscode';
import { ComponentInfo } from '../../engine';
import { SlotRef, documentUri } from '../documents';
import { EdgitRepository } from '../services';

export interface OpenedDiff {
  readonly left: string;
  readonly right: string;
  readonly title: string;
}

/** Opens the diff editor between two points of a component (`extraction.md (production ↔ v1.0.0)`). */
export async function openDiff(repository: EdgitRepository, component: ComponentInfo, left: SlotRef, right: SlotRef): Promise<OpenedDiff> {
  const [l, r] = await Promise.all([documentUri(repository, component, left), documentUri(repository, component, right)]);
  const title = `${path.posix.basename(r.path)} (${left.ref.slice(0, 20)} ↔ ${right.ref.slice(0, 20)})`;
  await vscode.commands.executeCommand('vscode.diff', l, r, title, { preview: true });
  return { left: l.toString(), right: r.toString(), title };
}
