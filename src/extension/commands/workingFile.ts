import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ComponentInfo, EdgitError } from '../../engine';
import { relativePathOf } from '../documents';
import { EdgitRepository } from '../services';

/**
 * The component's file in the working tree: the path an `edgit:` document shows when it exists on
 * disk, else the component's path at HEAD (it may have been renamed since).
 */
export async function workingFileOf(repository: EdgitRepository, component: ComponentInfo, shown?: vscode.Uri): Promise<vscode.Uri> {
  const candidates: string[] = [];
  if (shown) candidates.push(relativePathOf(shown, repository.root));
  const head = await repository.git.line(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']).catch(() => '');
  if (head) {
    const resolved = await repository.files.pathAt(component, head);
    if (resolved.path) candidates.push(resolved.path);
  }
  for (const relative of candidates) {
    const file = path.join(repository.root, ...relative.split('/'));
    if (await exists(file)) return vscode.Uri.file(file);
  }
  throw new EdgitError(
    `${component.id} has no file in the working tree${candidates.length ? ` (looked for ${[...new Set(candidates)].join(', ')})` : ''}.`,
    'unknown-component',
    'It may have been deleted or renamed: check out a branch that has it, or open a version instead.',
  );
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}
