import * as path from 'node:path';
import { Git } from '../git';
import { cacheDirectory, cacheDisabled, readCacheFile, writeCacheFileSoon } from './cacheFile';

/**
 * The last tag listing (names and object ids, as `git for-each-ref --format='%(refname)
 * %(objectname)'` printed it) a long-lived host read, in `.git/edgit/cache/tag-refs`: with the
 * tag object cache it paints a first snapshot at activation without running git, which is then
 * confirmed against git (and repainted where it differs). Unlike the object caches it can be
 * out of date, so it is only ever used for that first paint.
 */

const KIND = 'tag-refs';
export const TAG_LIST_CACHE_VERSION = 1;

/** The listing last written per file in this process: rewritten only when it differs. */
const written = new Map<string, string>();

async function fileFor(git: Git): Promise<string> {
  return path.join(await cacheDirectory(git), KIND);
}

export async function readRememberedListing(git: Git): Promise<string | undefined> {
  if (cacheDisabled()) return undefined;
  const body = await readCacheFile(await fileFor(git), KIND, TAG_LIST_CACHE_VERSION);
  return body?.toString('utf8');
}

export async function rememberListing(git: Git, listing: string): Promise<void> {
  if (cacheDisabled()) return;
  const file = await fileFor(git);
  if (written.get(file) === listing) return;
  written.set(file, listing);
  await writeCacheFileSoon(file, KIND, TAG_LIST_CACHE_VERSION, () => Buffer.from(listing, 'utf8'));
}
