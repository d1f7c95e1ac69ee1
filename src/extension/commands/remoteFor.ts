import { EdgitError, resolveRemote } from '../../engine';
import { EdgitRepository, EdgitSettings } from '../services';
import { DEFAULT_SETTINGS } from '../settings';

/**
 * The remote moves are pushed to: the `edgit.remote` setting; when that is the default `origin`
 * and the clone has none, its only remote (as the Components view does). Null when the repository
 * has no remote at all (local-only work). A configured remote the clone lacks is an error that
 * names the remotes it has.
 */
export async function remoteFor(repository: EdgitRepository, settings: EdgitSettings): Promise<string | null> {
  const remotes = (await repository.git.text(['remote'])).split('\n').filter(Boolean);
  if (!remotes.length) return null;
  const wanted = settings.remote || DEFAULT_SETTINGS.remote;
  if (remotes.includes(wanted)) return wanted;
  if (wanted === DEFAULT_SETTINGS.remote) {
    const only = await resolveRemote(repository.git, null);
    if (only) return only;
  }
  throw new EdgitError(
    `${repository.name} has no remote named "${wanted}" (edgit.remote).`,
    'remote-unreachable',
    `Set "edgit.remote" to one of: ${remotes.join(', ')}.`,
  );
}

/** Like remoteFor, but a repository without any remote is an error (push and fetch need one). */
export async function requireRemote(repository: EdgitRepository, settings: EdgitSettings): Promise<string> {
  const remote = await remoteFor(repository, settings);
  if (!remote) {
    throw new EdgitError(`${repository.name} has no remote to share environment tags with.`, 'remote-unreachable', 'Add one with `git remote add origin URL`.');
  }
  return remote;
}
