import * as vscode from 'vscode';
import { EdgitRepository, EdgitServices } from '../services';
import { iconSafeText } from '../untrustedLabels';
import { BACK, Back, once, pickOne } from './asyncQuickPick';

interface RepositoryItem extends vscode.QuickPickItem {
  readonly repository: EdgitRepository;
}

/** The repository to act on: the only one without asking, else a pick. */
export async function pickRepository(services: EdgitServices, title: string): Promise<EdgitRepository | Back | undefined> {
  const all = services.repositories();
  if (all.length === 1) return all[0];
  if (!all.length) {
    void vscode.window.showInformationMessage('No git repository is open: open the folder of a clone that has Edgit tags.');
    return undefined;
  }
  const picked = await pickOne<RepositoryItem>({
    title,
    placeholder: 'Pick a repository',
    items: () => once(all.map((repository) => ({ label: `$(repo) ${iconSafeText(repository.name)}`, description: iconSafeText(repository.root), repository }))),
  });
  return picked === BACK || picked === undefined ? picked : picked.repository;
}
