import { EdgitRepository } from '../services';

/**
 * Waits for a drift computation the repository may be running in the background (it starts
 * after every tag change): it records sync points in .git/edgit/remotes/<remote>.json, which a
 * fetch or push also rewrites, and two writers at once can collide. Never rejects.
 */
export async function settleDrift(repository: EdgitRepository): Promise<void> {
  await repository.drift().catch(() => undefined);
}
