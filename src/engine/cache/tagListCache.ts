import type { Git } from '../git';
import { CacheFileKind } from './cacheStore';

/**
 * The last tag listing (names and object ids, as `git for-each-ref --format='%(refname)
 * %(objectname)'` printed it) a long-lived host read, in the `tag-refs` cache file: with the tag
 * object cache it paints a first snapshot at activation without running git, which is then
 * confirmed against git (and repainted where it differs). Unlike the object caches it can be out
 * of date, so it is only ever used for that first paint.
 */

const TAG_LIST_FILE: CacheFileKind = { name: 'tag-refs', kind: 'tag-refs', version: 1 };

export async function readRememberedListing(git: Git): Promise<string | undefined> {
  return (await git.caches.read(TAG_LIST_FILE))?.toString('utf8');
}

export async function rememberListing(git: Git, listing: string): Promise<void> {
  const store = git.caches;
  if (store.disabled) return;
  // Rewritten only when it differs from the listing this store last wrote.
  const written = store.slot<{ listing?: string }>(TAG_LIST_FILE.name, () => ({}));
  if (written.listing === listing) return;
  written.listing = listing;
  await store.writeSoon(TAG_LIST_FILE, () => [Buffer.from(listing, 'utf8')]);
}
