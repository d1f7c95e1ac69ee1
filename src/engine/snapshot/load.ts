import { Git } from '../git';
import { TagObjectCache } from '../cache/tagObjectCache';
import { readRememberedListing, rememberListing } from '../cache/tagListCache';
import { ReadProblem } from '../readProblems';
import { readTagObjectFacts } from '../tagObjectReader';
import { classifySlot, parseComponentKey } from '../tagGrammar';
import { buildSnapshot } from './build';
import { REF_LIST_ARGS, forEachListedTag, keyTextOf } from './listing';
import { ComponentName, RefEntry, RepositorySnapshot, inComponentOrder } from './model';

export interface LoadSnapshotOptions {
  /**
   * Use the object-keyed cache under .git/edgit/cache (default true; EDGIT_CACHE=off turns it off
   * for a process). The snapshot is the same either way: only how much git reads differs.
   */
  readonly cache?: boolean;
  /** Also keep the listing for a first paint at the next start (cachedSnapshot): long-lived hosts. */
  readonly rememberListing?: boolean;
}

/**
 * Loads the snapshot of a repository: the ref names and object ids (one `git for-each-ref` that
 * opens no object), the facts of known objects from the cache, and the objects it does not know
 * yet read in one `git cat-file --batch`; the cache is then rewritten with the objects the refs
 * name now. for-each-ref sorts by name, so each component's refs arrive together.
 */
export async function loadSnapshot(git: Git, options: LoadSnapshotOptions = {}): Promise<RepositorySnapshot> {
  // git lists the names and ids while the cache file is parsed.
  const listing = git.text(REF_LIST_ARGS);
  listing.catch(() => undefined); // awaited below
  const cache = options.cache === false ? TagObjectCache.transient() : await TagObjectCache.open(git);
  const text = await listing;
  if (options.rememberListing) await rememberListing(git, text);
  const problems: ReadProblem[] = [];
  const { entries, unknown } = entriesOfListing(text, cache, problems);
  const read = await withUnknownRead(git, entries, unknown, cache);
  const known = await peelDeeper(git, read.entries, read.pending, cache);
  await cache.save(known.map((e) => e.objectName));
  return buildSnapshot(git.cwd, known, problems);
}

/** An entry of a listing: a ref and its object id, with the object's facts when the cache has them. */
export type ListedEntry = RefEntry | { tag: string; objectName: string; facts?: undefined };

/**
 * The entries of a listing with the facts of the objects the cache lacks (`unknown`) read from git
 * in one `cat-file --batch` and added to the cache (except objects that peel to no commit yet: a
 * partial clone may fetch them later). Entries whose object git does not have are left out.
 * Returns the entries and the objects of tags that point at other tags (to peel further).
 */
export async function withUnknownRead(
  git: Git,
  entries: readonly ListedEntry[],
  unknown: ReadonlySet<string>,
  cache: TagObjectCache,
): Promise<{ entries: RefEntry[]; pending: Set<string> }> {
  const pending = new Set<string>();
  if (!unknown.size) return { entries: entries as RefEntry[], pending };
  const fresh = await readTagObjectFacts(git, unknown);
  const out: RefEntry[] = [];
  for (const e of entries) {
    if (e.facts) {
      out.push(e);
      continue;
    }
    const facts = fresh.get(e.objectName);
    if (!facts) continue; // the object is missing (a damaged or partial clone)
    if (facts.type === 'tag' && facts.targetType === 'tag') pending.add(e.objectName);
    else cache.add(e.objectName, facts);
    out.push({ tag: e.tag, objectName: e.objectName, facts });
  }
  return { entries: out, pending };
}

/** The refs of a names-and-ids listing with the facts the cache has, and the objects it lacks. */
export function entriesOfListing(listing: string, cache: TagObjectCache, problems?: ReadProblem[]): { entries: ListedEntry[]; unknown: Set<string> } {
  const entries: ListedEntry[] = [];
  const unknown = new Set<string>();
  forEachListedTag(
    listing,
    (tag, objectName) => {
      const facts = cache.get(objectName);
      entries.push({ tag, objectName, facts });
      if (!facts) unknown.add(objectName);
    },
    problems,
  );
  return { entries, unknown };
}

/**
 * A snapshot from the caches, for a first paint: the listing a long-lived host last read
 * (loadSnapshot with rememberListing) and the facts of its objects, running no git unless a few
 * of those objects are missing (then one read of just those objects). Tags may have moved since:
 * to be confirmed with confirmSnapshot. Undefined when there is no listing or many objects are missing.
 */
export async function cachedSnapshot(git: Git): Promise<RepositorySnapshot | undefined> {
  const listing = await readRememberedListing(git);
  if (listing === undefined) return undefined;
  const cache = await TagObjectCache.open(git);
  const problems: ReadProblem[] = [];
  const { entries, unknown } = entriesOfListing(listing, cache, problems);
  if (!entries.length || unknown.size > MAX_UNKNOWN_AT_FIRST_PAINT) return undefined;
  // A few objects another process dropped from the cache (it saw other tags): just those are read.
  const read = await withUnknownRead(git, entries, unknown, cache);
  return buildSnapshot(git.cwd, await peelDeeper(git, read.entries, read.pending, cache), problems);
}

/** More objects missing from the cache than this, and a first paint from the caches is not worth it. */
const MAX_UNKNOWN_AT_FIRST_PAINT = 200;


/**
 * The components of the listing a long-lived host last read (see cachedSnapshot), from the tag
 * names alone: no object, no git. A key is a component when one of its refs has a version or an
 * environment slot, as in a snapshot. For a first paint only (tags may have moved since); sorted
 * as snapshot components are. Undefined when nothing is remembered.
 */
export async function rememberedComponentNames(git: Git): Promise<ComponentName[] | undefined> {
  const listing = await readRememberedListing(git);
  if (listing === undefined) return undefined;
  const byKey = new Map<string, ComponentName | null>();
  forEachListedTag(listing, (tag) => {
    const keyText = keyTextOf(tag);
    if (!keyText || byKey.get(keyText)) return;
    const key = parseComponentKey(keyText);
    const kind = key ? classifySlot(tag.slice(keyText.length + 1), key.layout) : undefined;
    if (!key || !kind) {
      if (!byKey.has(keyText)) byKey.set(keyText, null);
      return;
    }
    byKey.set(keyText, { key: key.key, id: `${key.namespace}/${key.name}`, namespace: key.namespace, name: key.name, legacy: key.legacy });
  });
  const names: ComponentName[] = [];
  for (const n of byKey.values()) if (n) names.push(n);
  return names.sort(inComponentOrder);
}

/**
 * Tags whose target is another tag (`pending`): peeled through what this load and the cache know,
 * then git is asked once for the rest. Entries that peel to a commit are added to the cache
 * (those that do not may name an object a partial clone fetches later: asked again next time).
 */
export async function peelDeeper(git: Git, entries: RefEntry[], pending: ReadonlySet<string>, cache: TagObjectCache): Promise<RefEntry[]> {
  if (!pending.size) return entries;
  const known = new Map<string, string | null>();
  for (const e of entries) if (!pending.has(e.objectName)) known.set(e.objectName, e.facts.commit);
  const resolved = new Map<string, string | null>();
  const ask: string[] = [];
  for (const e of entries) {
    if (!pending.has(e.objectName) || resolved.has(e.objectName)) continue;
    const target = e.facts.target;
    const inner = known.has(target) ? known.get(target) : cache.get(target)?.commit;
    if (inner) resolved.set(e.objectName, inner);
    else ask.push(target);
  }
  const peeled = ask.length ? await peelToCommits(git, ask) : new Map<string, string>();
  for (const e of entries) {
    if (!pending.has(e.objectName)) continue;
    const commit = resolved.get(e.objectName) ?? peeled.get(e.facts.target) ?? null;
    e.facts = { ...e.facts, commit };
    if (commit) cache.add(e.objectName, e.facts);
  }
  return entries;
}

/** Peels many objects to commits in one `git cat-file --batch-check`; objects that peel to no commit are absent. */
export async function peelToCommits(git: Git, objects: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(objects)];
  const out = await git.text(['cat-file', '--batch-check=%(objectname) %(objecttype)', '--buffer'], {
    input: unique.map((o) => `${o}^{commit}\n`).join(''),
  });
  const result = new Map<string, string>();
  const lines = out.split('\n');
  unique.forEach((o, i) => {
    const [name, type] = (lines[i] ?? '').split(' ');
    if (type === 'commit') result.set(o, name);
  });
  return result;
}

