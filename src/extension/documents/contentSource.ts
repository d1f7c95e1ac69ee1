import * as vscode from 'vscode';
import { ComponentFiles, EdgitError, Git, RepositorySnapshot, loadSnapshot } from '../../engine';
import { EdgitServices } from '../services';

/** What the document provider needs of a repository. */
export interface ContentSource {
  snapshot(): Promise<RepositorySnapshot>;
  readonly files: ComponentFiles;
}

const standalone = new Map<string, ContentSource>();

/**
 * The repository an `edgit:` URI names: the open one when the extension knows it, else (a tab
 * restored before repositories are discovered, a repository outside the workspace) the engine
 * directly — only in a trusted workspace, since git configuration can start programs.
 */
export function contentSourceFor(services: EdgitServices, root: string): ContentSource {
  const open = services.repositories().find((r) => r.root === root);
  if (open) return open;
  if (!vscode.workspace.isTrusted) {
    throw new EdgitError('Edgit runs git only in a trusted workspace.', 'bad-input', 'Trust this workspace to see component content.');
  }
  let source = standalone.get(root);
  if (!source) {
    const git = new Git(root);
    source = { snapshot: () => loadSnapshot(git), files: new ComponentFiles(git) };
    standalone.set(root, source);
  }
  return source;
}
