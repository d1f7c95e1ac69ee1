import { Git } from './git';
import { TagObjectCache, TagObjectFacts } from './cache/tagObjectCache';
import { readRememberedListing, rememberListing } from './cache/tagListCache';
export { deferCacheWrites, flushCacheWrites } from './cache/cacheFile';
import { EdgitError } from './errors';
import { ReadProblem } from './readProblems';
import { isObjectId } from './gitObjects';
import { readTagObjectFacts } from './tagObjectReader';
import { ParsedKey, TagLayout, classifySlot, parseComponentKey, parseReference } from './tagGrammar';
import { compareVersions, isPrerelease } from './versionOrder';

/** One immutable version tag of a component. */
export interface VersionInfo {
  readonly version: string;
  readonly tag: string;
  /** The commit the tag peels to. */
  readonly commit: string;
  /** The object the ref names: the tag object for annotated tags, the commit for lightweight ones. */
  readonly objectName: string;
  readonly annotated: boolean;
  /** Tagger date (annotated) or commit date (lightweight), ISO 8601. */
  readonly date: string | null;
  readonly tagger: string | null;
  readonly taggerEmail: string | null;
  /** Tag message subject (annotated) or commit subject (lightweight). */
  readonly message: string;
  readonly prerelease: boolean;
}

/** One mutable environment pointer of a component. */
export interface EnvironmentInfo {
  readonly name: string;
  readonly tag: string;
  /** The object the ref names (what a compare-and-swap must expect). */
  readonly objectName: string;
  /** What the ref's tag object points at (a version tag object, a commit…); the ref's own object for lightweight tags. */
  readonly target: string;
  readonly targetType: string;
  /** The commit it peels to through any number of nested tags, or null when it peels to no commit. */
  readonly commit: string | null;
  /** The version it is at: the version tag it targets, else the highest version at its commit, else null. */
  readonly version: string | null;
  /** Every version of the component at the same commit, highest first. */
  readonly versionsAtCommit: readonly string[];
  /** True when the env tag object points at a version tag object (what the CLI writes). */
  readonly targetsVersionTag: boolean;
  readonly annotated: boolean;
  /** When and by whom the pointer was last moved (tagger of an annotated tag); null for lightweight tags. */
  readonly movedAt: string | null;
  readonly movedBy: string | null;
  readonly movedByEmail: string | null;
  readonly message: string;
}

export interface ComponentInfo {
  /** The tag name without its slot: unique (`components/prompts/extraction`). */
  readonly key: string;
  /** How users speak of it: `prompts/extraction`. */
  readonly id: string;
  readonly prefix: string;
  readonly namespace: string;
  readonly name: string;
  readonly layout: TagLayout;
  readonly legacy: boolean;
  /** Highest first by semver precedence. */
  readonly versions: readonly VersionInfo[];
  /** Sorted by name. */
  readonly environments: readonly EnvironmentInfo[];
}

/** Everything the tags of one repository say, read with one `git for-each-ref`. */
export class RepositorySnapshot {
  private readonly byKey = new Map<string, ComponentInfo>();

  constructor(
    readonly root: string,
    readonly components: readonly ComponentInfo[],
    /** Tags under refs/tags that fit no Edgit layout (application releases, 5-level tags…). */
    readonly unrecognizedTags: readonly string[],
    readonly loadedAt: Date,
    /** Refs skipped, or read without a field that could not be read (a date out of range…). */
    readonly problems: readonly ReadProblem[] = [],
  ) {
    for (const c of components) this.byKey.set(c.key, c);
  }

  get(key: string): ComponentInfo | undefined {
    return this.byKey.get(key);
  }

  /**
   * Finds a component by what a user types: its key (`components/prompts/extraction`), its id
   * (`prompts/extraction`), or a reference (`prompts/extraction@production`; the slot is ignored).
   * Current-layout components win over legacy ones; an ambiguous id asks for the key.
   */
  find(typed: string): ComponentInfo {
    const { component } = parseReference(typed.trim());
    const matches = this.components.filter((c) => c.id === component);
    const current = matches.filter((c) => !c.legacy);
    const exact = this.byKey.get(component);
    if (exact && (!exact.legacy || !current.length)) return exact;
    const pool = current.length ? current : matches;
    if (pool.length === 1) return pool[0];
    if (pool.length > 1) {
      throw new EdgitError(
        `"${component}" names several components: ${pool.map((c) => c.key).join(', ')}.`,
        'unknown-component',
        'Use the full name, for example ' + pool[0].key + '.',
      );
    }
    const close = this.components
      .filter((c) => c.name === component.split('/').pop())
      .map((c) => c.id)
      .slice(0, 3);
    throw new EdgitError(
      `No component "${component}" in ${this.root}.`,
      'unknown-component',
      close.length
        ? `Did you mean ${close.join(' or ')}?`
        : 'Run `edgit-deploy status` to list components (namespace/name, e.g. prompts/extraction).',
    );
  }
}

const REFS_TAGS = 'refs/tags/'.length;

/**
 * Names and object ids only: reads packed-refs and loose refs without opening an object. Git's
 * ref-name rules forbid spaces and control characters, so this listing's framing cannot be broken;
 * what objects say (messages, taggers, dates) is read length-prefixed (tagObjectReader.ts).
 */
export const REF_LIST_ARGS = ['for-each-ref', '--format=%(refname) %(objectname)', 'refs/tags'] as const;

/** One ref as for-each-ref printed it. */
interface RawRef {
  readonly slot: string;
  readonly tag: string;
  readonly objectName: string;
  readonly objectType: string;
  /** For a tag object: what it names directly, and that object's type. */
  readonly target: string;
  readonly targetType: string;
  /** The commit it peels to (null: to no commit). */
  readonly commit: string | null;
  readonly f: readonly string[];
}

/** A component's refs, collected while its (contiguous, sorted) refs stream by. */
interface Group {
  readonly key: ParsedKey;
  readonly versions: RawRef[];
  readonly environments: RawRef[];
}

/** A tag ref and what its object says (facts of one object, shared by every ref naming it). */
interface RefEntry {
  readonly tag: string;
  readonly objectName: string;
  facts: TagObjectFacts;
}

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
type ListedEntry = RefEntry | { tag: string; objectName: string; facts?: undefined };

/**
 * The entries of a listing with the facts of the objects the cache lacks (`unknown`) read from git
 * in one `cat-file --batch` and added to the cache (except objects that peel to no commit yet: a
 * partial clone may fetch them later). Entries whose object git does not have are left out.
 * Returns the entries and the objects of tags that point at other tags (to peel further).
 */
async function withUnknownRead(
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
function entriesOfListing(listing: string, cache: TagObjectCache, problems?: ReadProblem[]): { entries: ListedEntry[]; unknown: Set<string> } {
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
 * Calls `each` with the tag name and object id of every `refs/tags/` line of a names-and-ids
 * listing (REF_LIST_ARGS). A line that is not `<ref> <object id>` is skipped (and named in
 * `problems`); every line is passed exactly once.
 */
function forEachListedTag(listing: string, each: (tag: string, objectName: string) => void, problems?: ReadProblem[]): void {
  let pos = 0;
  while (pos < listing.length) {
    let nl = listing.indexOf('\n', pos);
    if (nl < 0) nl = listing.length;
    const space = listing.lastIndexOf(' ', nl);
    const line = pos;
    pos = nl + 1;
    if (space < line) {
      if (nl > line) problems?.push({ where: listing.slice(line, Math.min(nl, line + 200)), what: 'a ref listing line git should not print' });
      continue;
    }
    const ref = listing.slice(line, space);
    const objectName = listing.slice(space + 1, nl);
    if (!ref.startsWith('refs/tags/')) continue;
    if (!isObjectId(objectName)) {
      problems?.push({ where: ref, what: 'a ref listing line git should not print' });
      continue;
    }
    each(ref.slice(REFS_TAGS), objectName);
  }
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

/** A component as its tag names alone tell it: what a first level of a tree needs. */
export interface ComponentName {
  readonly key: string;
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly legacy: boolean;
}

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
async function peelDeeper(git: Git, entries: RefEntry[], pending: ReadonlySet<string>, cache: TagObjectCache): Promise<RefEntry[]> {
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

/** One component key's refs (sorted by name) and what they make. */
interface KeyGroup {
  readonly key: ParsedKey;
  readonly entries: readonly RefEntry[];
  /** Undefined when none of its refs is a version or an environment. */
  readonly component: ComponentInfo | undefined;
  /** Its refs whose slot fits no kind. */
  readonly unrecognized: readonly string[];
  /** What could not be read of its refs' objects (a date out of range…). */
  readonly problems: readonly ReadProblem[];
}

/** What a snapshot was built from, kept to rebuild only the components a few changed refs touch. */
interface SnapshotSource {
  readonly groups: ReadonlyMap<string, KeyGroup>;
  /** Tags whose name has no component key. */
  readonly keyless: readonly string[];
  /** Every tag ref (name without refs/tags/) and the object it named. */
  readonly refs: ReadonlyMap<string, string>;
  /** Lines of the listing that were skipped. */
  readonly listingProblems: readonly ReadProblem[];
}

const sources = new WeakMap<RepositorySnapshot, SnapshotSource>();

function keyTextOf(tag: string): string {
  const slash = tag.lastIndexOf('/');
  return slash > 0 ? tag.slice(0, slash) : '';
}

function buildSnapshot(root: string, entries: readonly RefEntry[], listingProblems: readonly ReadProblem[]): RepositorySnapshot {
  const keyless: string[] = [];
  const lists = new Map<string, { key: ParsedKey; entries: RefEntry[] }>();
  let current: { key: ParsedKey; entries: RefEntry[] } | undefined;
  for (const entry of entries) {
    const keyText = keyTextOf(entry.tag);
    if (!current || current.key.key !== keyText) {
      // Usually a new component; a legacy key (`components/x`) can interleave with current ones (`components/x/y`).
      current = lists.get(keyText);
      if (!current) {
        const key = keyText ? parseComponentKey(keyText) : undefined;
        if (!key) {
          keyless.push(entry.tag);
          continue;
        }
        current = { key, entries: [] };
        lists.set(keyText, current);
      }
    }
    current.entries.push(entry);
  }
  const groups = new Map<string, KeyGroup>();
  for (const [keyText, list] of lists) groups.set(keyText, groupOf(list.key, list.entries));
  const refs = new Map<string, string>();
  for (const e of entries) refs.set(e.tag, e.objectName);
  return assemble(root, { groups, keyless, refs, listingProblems });
}

function groupOf(key: ParsedKey, entries: readonly RefEntry[]): KeyGroup {
  const g: Group = { key, versions: [], environments: [] };
  const unrecognized: string[] = [];
  const problems: ReadProblem[] = [];
  for (const entry of entries) {
    const tag = entry.tag;
    const problem = entry.facts.fields[PROBLEM];
    if (problem) problems.push({ where: `refs/tags/${tag}`, what: problem });
    const slot = tag.slice(tag.lastIndexOf('/') + 1);
    const kind = classifySlot(slot, key.layout);
    if (!kind) {
      unrecognized.push(tag);
      continue;
    }
    const facts = entry.facts;
    const r: RawRef = {
      slot,
      tag,
      objectName: entry.objectName,
      objectType: facts.type,
      target: facts.target,
      targetType: facts.targetType,
      commit: facts.commit,
      f: facts.fields,
    };
    (kind === 'version' ? g.versions : g.environments).push(r);
  }
  return { key, entries, component: g.versions.length || g.environments.length ? componentOf(g) : undefined, unrecognized, problems };
}

function assemble(root: string, source: SnapshotSource): RepositorySnapshot {
  const components: ComponentInfo[] = [];
  const unrecognized = [...source.keyless];
  const problems = [...source.listingProblems];
  for (const g of source.groups.values()) {
    if (g.component) components.push(g.component);
    for (const t of g.unrecognized) unrecognized.push(t);
    for (const p of g.problems) problems.push(p);
  }
  components.sort(inComponentOrder);
  const snapshot = new RepositorySnapshot(root, components, unrecognized.sort(), new Date(), problems);
  sources.set(snapshot, source);
  return snapshot;
}

/** The order of a snapshot's components (and of time travel's answers): by id, then key (a legacy and a current component can share an id). */
export function inComponentOrder(a: { id: string; key: string }, b: { id: string; key: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : a.key < b.key ? -1 : 1;
}

/** git's order of ref names (bytes of their UTF-8); the same as JavaScript's for ASCII names. */
function compareRefNames(a: string, b: string): number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(a) && /^[\x00-\x7f]*$/.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * The snapshot after some tags changed (a file watcher saw their loose ref files): reads those
 * refs only — names and ids, then the facts of objects the cache lacks — and rebuilds only the
 * components they belong to; every other component is the previous snapshot's object. The result
 * equals a full loadSnapshot as long as no other tag changed (a change to packed-refs needs a full load).
 * Falls back to loadSnapshot when `previous` was not built by this module.
 */
export async function refreshSnapshot(git: Git, previous: RepositorySnapshot, changedTags: readonly string[]): Promise<RepositorySnapshot> {
  const source = sources.get(previous);
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
  const source = sources.get(shown);
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

/** Fields after the ref's identity: date, tagger name, tagger email, author name, author email, subject. */
const DATE = 0;
const TAGGER = 1;
const TAGGER_EMAIL = 2;
const AUTHOR = 3;
const AUTHOR_EMAIL = 4;
const SUBJECT = 5;
const PROBLEM = 6;

function componentOf(g: Group): ComponentInfo {
  const versions: VersionInfo[] = [];
  for (const r of g.versions) {
    if (!r.commit) continue;
    const annotated = r.objectType === 'tag';
    versions.push({
      version: r.slot,
      tag: r.tag,
      commit: r.commit,
      objectName: r.objectName,
      annotated,
      date: r.f[DATE] || null,
      tagger: (annotated ? r.f[TAGGER] : r.f[AUTHOR]) || null,
      taggerEmail: stripAngles(annotated ? r.f[TAGGER_EMAIL] : r.f[AUTHOR_EMAIL]),
      message: r.f[SUBJECT],
      prerelease: isPrerelease(r.slot),
    });
  }
  versions.sort((a, b) => compareVersions(b.version, a.version));
  // Annotated version tags by their tag object: what a CLI-written env tag points at.
  const byObject = new Map<string, VersionInfo>();
  for (const v of versions) if (v.annotated) byObject.set(v.objectName, v);
  // The versions at each commit, highest first: one list per commit, shared by every environment there.
  const byCommit = new Map<string, string[]>();
  for (const v of versions) {
    const list = byCommit.get(v.commit);
    if (list) list.push(v.version);
    else byCommit.set(v.commit, [v.version]);
  }
  const environments: EnvironmentInfo[] = [];
  for (const r of g.environments) {
    const commit = r.commit;
    // A lightweight ref may name a version tag object directly (`git tag production v1.0.0`).
    const direct = r.objectType === 'tag' ? byObject.get(r.objectName) : undefined;
    const annotated = r.objectType === 'tag' && !direct;
    const targeted = direct ?? (annotated ? byObject.get(r.target) : undefined);
    const atCommit: readonly string[] = (commit && byCommit.get(commit)) || NO_VERSIONS;
    environments.push({
      name: r.slot,
      tag: r.tag,
      objectName: r.objectName,
      target: annotated ? r.target : r.objectName,
      targetType: annotated ? r.targetType : r.objectType,
      commit,
      version: targeted && targeted.commit === commit ? targeted.version : (atCommit[0] ?? null),
      versionsAtCommit: atCommit,
      targetsVersionTag: !!targeted,
      annotated,
      movedAt: annotated ? r.f[DATE] || null : null,
      movedBy: annotated ? r.f[TAGGER] || null : null,
      movedByEmail: annotated ? stripAngles(r.f[TAGGER_EMAIL]) : null,
      message: r.f[SUBJECT],
    });
  }
  environments.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const k = g.key;
  return { key: k.key, id: `${k.namespace}/${k.name}`, prefix: k.prefix, namespace: k.namespace, name: k.name, layout: k.layout, legacy: k.legacy, versions, environments };
}

const NO_VERSIONS: readonly string[] = Object.freeze([]);

function stripAngles(email: string): string | null {
  if (!email) return null;
  const inner = email.startsWith('<') && email.endsWith('>') ? email.slice(1, -1) : email;
  return inner || null;
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
