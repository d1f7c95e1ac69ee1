import * as path from 'node:path';
import { EdgitError } from '../../engine';
import { EdgitRepository, EdgitServices } from '../services';

/**
 * The repository a tool answers about: the one named by `repository` (its folder name or path),
 * else the only one open. Refused, with what to do, when the workspace is not trusted (no git
 * runs), when none is open, or when several are and none was named.
 */
export async function toolRepository(services: EdgitServices & { readonly isTrusted: boolean }, named: unknown): Promise<EdgitRepository> {
  if (!services.isTrusted) {
    throw new EdgitError(
      'This workspace is not trusted, so Edgit runs no git in it and cannot answer.',
      'not-a-repository',
      'Ask the person to trust the workspace (Manage Workspace Trust), then ask again.',
    );
  }
  await services.ready();
  const all = services.repositories();
  const wanted = typeof named === 'string' && named.trim() ? named.trim() : undefined;
  if (wanted) {
    const found = all.find((r) => r.name === wanted || path.resolve(r.root) === path.resolve(wanted));
    if (found) return found;
    throw new EdgitError(`No open Edgit repository is named "${wanted}".`, 'not-a-repository', `Name one of: ${namesOf(all)}.`);
  }
  if (all.length === 1) return all[0];
  if (!all.length) throw new EdgitError('No git repository is open in this workspace.', 'not-a-repository', 'Open the folder of a repository with Edgit tags.');
  throw new EdgitError(`${all.length} repositories are open.`, 'bad-input', `Pass repository: one of ${namesOf(all)}.`);
}

function namesOf(all: readonly EdgitRepository[]): string {
  return all.length ? all.map((r) => `"${r.name}" (${r.root})`).join(', ') : '(none open)';
}
