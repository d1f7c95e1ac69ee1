import { Git } from '../git';
import { TagObjectCache } from '../cache/tagObjectCache';
import { rememberListing } from '../cache/tagListCache';
import { ParsedKey, parseComponentKey } from '../tagGrammar';
import { assemble, groupOf } from './build';
import { REF_LIST_ARGS, compareRefNames, forEachListedTag, keyTextOf } from './listing';
import { entriesOfListing, loadSnapshot, peelDeeper, withUnknownRead } from './load';
import { RefEntry, RepositorySnapshot, SnapshotSource } from './model';

/**
 * The snapshot after some tags changed (a file watcher saw their loose ref files): reads those
 * refs only — names and ids, then the facts of objects the cache lacks — and rebuilds only the
 * components they belong to; every other component is the previous snapshot's object. The result
 * equals a full loadSnapshot as long as no other tag changed (a change to packed-refs needs a full load).
 * Falls back to loadSnapshot when `previous` was not built by this module.
 */
export async function refreshSnapshot(git: Git, previous: RepositorySnapshot, changedTags: readonly string[]): Promise<RepositorySnapshot> {
  const source = previous.source;
  const tags = [...new Set(changedTags)].filter((t) => t && !t.endsWith('/'));
  if (!source) return loadSnapshot(git);
  if (!tags.length) return previous;
  const cache = await TagObjectCache.open(git);
  const listing = await git.text([...REF_LIST_ARGS.slice(0, 2), ...tags.map((t) => `refs/tags/${t}`)]);
  // Exactly these names (a pattern also matches names below it, which a tag cannot have, but be exact).
  const wanted = new Set(tags);
  const { entries } = entriesOfListing(listing, cache);
  const now = entries.filter((e) => wanted.has(e.tag));
  const unknown = new Set<string>();
  for (const e of now) if (!e.facts) unknown.add(e.objectName);
  const read = await withUnknownRead(git, now, unknown, cache);
  const fresh = await peelDeeper(git, read.entries, read.pending, cache);
  // Saved also when nothing was read: a write an earlier load deferred then keeps what the refs name now.
  return patched(git.cwd, previous, source, tags, fresh, (named) => cache.save(named));
}

/**
 * The snapshot with `tags` (changed refs) at their `fresh` values (absent: deleted). The same
 * object when no ref's value changed.
 */
async function patched(
  root: string,
  previous: RepositorySnapshot,
  source: SnapshotSource,
  tags: string[],
  fresh: readonly RefEntry[],
  save: (named: string[]) => Promise<void>,
): Promise<RepositorySnapshot> {
  const freshByTag = new Map(fresh.map((e) => [e.tag, e]));
  tags = tags.filter((t) => source.refs.get(t) !== freshByTag.get(t)?.objectName);
  if (!tags.length) return previous;
  const refs = new Map(source.refs);
  for (const t of tags) {
    const e = freshByTag.get(t);
    if (e) refs.set(t, e.objectName);
    else refs.delete(t);
  }
  const groups = new Map(source.groups);
  const keyless = new Set(source.keyless);
  const touched = new Map<string, { key: ParsedKey; entries: RefEntry[] }>();
  for (const tag of tags) {
    const keyText = keyTextOf(tag);
    const existing = groups.get(keyText);
    const key = existing?.key ?? (keyText ? parseComponentKey(keyText) : undefined);
    const entry = freshByTag.get(tag);
    if (!key) {
      if (entry) keyless.add(tag);
      else keyless.delete(tag);
      continue;
    }
    let list = touched.get(keyText);
    if (!list) touched.set(keyText, (list = { key, entries: [...(existing?.entries ?? [])] }));
    const at = list.entries.findIndex((x) => x.tag === tag);
    if (at >= 0) list.entries.splice(at, 1);
    if (entry) {
      let i = list.entries.length;
      while (i > 0 && compareRefNames(list.entries[i - 1].tag, tag) > 0) i--;
      list.entries.splice(i, 0, entry);
    }
  }
  for (const [keyText, list] of touched) {
    if (list.entries.length) groups.set(keyText, groupOf(list.key, list.entries));
    else groups.delete(keyText);
  }
  const next = assemble(root, { groups, keyless: [...keyless], refs, listingProblems: source.listingProblems });
  await save([...refs.values()]);
  return next;
}

/**
 * Confirms a snapshot against git (after a first paint from the caches, or any outside change):
 * one names-and-ids listing; when every ref names what it named, the same snapshot object is
 * returned; else only the components of the refs that differ are rebuilt (refreshSnapshot).
 * The listing is remembered for the next first paint.
 */
export async function confirmSnapshot(git: Git, shown: RepositorySnapshot): Promise<RepositorySnapshot> {
  const source = shown.source;
  if (!source) return loadSnapshot(git, { rememberListing: true });
  const listing = await git.text(REF_LIST_ARGS);
  await rememberListing(git, listing);
  const changed: string[] = [];
  let seen = 0;
  forEachListedTag(listing, (tag, objectName) => {
    const before = source.refs.get(tag);
    if (before !== undefined) seen++;
    if (before !== objectName) changed.push(tag);
  });
  if (seen < source.refs.size) {
    const present = new Set<string>();
    forEachListedTag(listing, (tag) => present.add(tag));
    for (const tag of source.refs.keys()) if (!present.has(tag)) changed.push(tag);
  }
  return changed.length ? refreshSnapshot(git, shown, changed) : shown;
}

