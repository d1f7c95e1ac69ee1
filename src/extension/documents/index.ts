import * as vscode from 'vscode';
import { EdgitServices } from '../services';
import { EDGIT_SCHEME } from './edgitUri';
import { EdgitFileSystemProvider } from './fileSystemProvider';

export { fromEdgitUri, toEdgitUri, relativePathOf } from './edgitUri';
export { documentUri } from './documentUri';
export { openMultiDiff, relabel } from './multiDiff';
export type { MultiDiffEntry } from './multiDiff';
export { parseSlot } from './refs';
export type { SlotRef } from './refs';

/**
 * Registers the read-only `edgit:` file system (component content at any version, environment or
 * commit) and keeps open environment documents in step with their environment.
 */
export function registerDocuments(context: vscode.ExtensionContext, services: EdgitServices): EdgitFileSystemProvider {
  const provider = new EdgitFileSystemProvider(services);
  const readonlyReason = new vscode.MarkdownString(
    'This is a component as Edgit tagged it, read from git. Use **Open Working File** to edit the current file.',
  );
  context.subscriptions.push(
    provider,
    vscode.workspace.registerFileSystemProvider(EDGIT_SCHEME, provider, { isCaseSensitive: true, isReadonly: readonlyReason }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (doc.uri.scheme === EDGIT_SCHEME) provider.forget(doc.uri);
    }),
  );

  let repositoryListeners: vscode.Disposable[] = [];
  const listen = () => {
    for (const d of repositoryListeners) d.dispose();
    repositoryListeners = services.repositories().map((repository) =>
      repository.onDidChange(() => {
        provider.environmentsMayHaveMoved(repository.root).catch((e) => services.log.warn(`edgit documents: ${String(e)}`));
      }),
    );
  };
  listen();
  context.subscriptions.push(services.onDidChangeRepositories(listen), { dispose: () => { for (const d of repositoryListeners) d.dispose(); } });
  return provider;
}
