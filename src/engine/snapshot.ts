import { Git } from './git';
import { TagObjectCache, TagObjectFacts } from './cache/tagObjectCache';
import { readRememberedListing, rememberListing } from './cache/tagListCache';
export { deferCacheWrites, flushCacheWrites } from './cache/cacheFile';
import { EdgitError } from './errors';
import { ReadProblem } from './readProblems';
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

const FIELDS = [
  '%(refname)',
  '%(objectname)',
  '%(objecttype)',
  // What a tag object names directly (one level on every git version; `*` fields peel fully since git 2.44).
  '%(object)',
  '%(type)',
  '%(*objectname)',
  '%(*objecttype)',
  '%(creatordate:iso-strict)',
  '%(taggername)',
  '%(taggeremail)',
  '%(authorname)',
  '%(authoremail)',
  '%(contents:subject)',
];
const FIELD_COUNT = FIELDS.length;
/** Unit separator between fields, record separator after each ref: neither appears in names or subjects. */
export const FOR_EACH_REF_FORMAT = FIELDS.join('%1f') + '%1e';
export const FOR_EACH_REF_ARGS = ['for-each-ref', `--format=${FOR_EACH_REF_FORMAT}`, 'refs/tags'] as const;

const REFS_TAGS = 'refs/tags/'.length;

/** Names and object ids only: reads packed-refs and loose refs without opening an object. */
export const REF_LIST_ARGS = ['for-each-ref', '--format=%(refname) %(objectname)', 'refs/tags'] as const;

/** At most this many refs are read by name when the cache lacks their objects; more, and all tags are read. */
const MAX_NAMED_READ = 200;

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
 * Loads the snapshot of a repository. Without a cache: one rich `git for-each-ref` (plus one
 * `git cat-file` for tags nested deeper than one level whose inner tag is not a ref). With one:
 * the ref names and object ids only, the facts of known objects from the cache, and one rich
 * `for-each-ref` of just the refs whose objects it does not know yet; the cache is then rewritten
 * with the objects the refs name now. for-each-ref sorts by name, so each component's refs
 * arrive together and are turned into its ComponentInfo at once.
 */
export async function loadSnapshot(git: Git, options: LoadSnapshotOptions = {}): Promise<RepositorySnapshot> {
  // When there is a cache file, git lists the names and ids while it is parsed (a first load, with
  // no file, reads everything in one rich listing instead: one for-each-ref either way).
  let listing: Promise<string> | undefined;
  const startListing = () => {
    listing = git.text(REF_LIST_ARGS);
    listing.catch(() => undefined); // awaited below when used
  };
  const cache = options.cache === false ? undefined : await TagObjectCache.open(git, { whileParsing: startListing });
  const pending = new Set<string>();
  /** Entries read from git in this load (the others came from the cache). */
  const read: RefEntry[] = [];
  const remember = options.rememberListing ? (listing: string) => rememberListing(git, listing) : undefined;
  let entries: RefEntry[];
  if (cache && cache.size) entries = await readWithCache(git, cache, pending, read, remember, await listing);
  else {
    entries = parseRichOutput(await git.text(FOR_EACH_REF_ARGS), pending, read);
    // The names and ids of what was just read, as REF_LIST_ARGS would list them.
    if (remember && cache) await remember(entries.map((e) => `refs/tags/${e.tag} ${e.objectName}\n`).join(''));
  }
  const unpeeled = await peelDeeper(git, entries, pending, cache);
  if (cache) {
    // Peeling to nothing may mean an object not fetched yet (partial clone): asked again next time.
    for (const e of read) if (!unpeeled.has(e.objectName)) cache.add(e.objectName, e.facts);
    await cache.save(entries.map((e) => e.objectName));
  }
  return buildSnapshot(git.cwd, entries);
}

/** The refs from a names-and-ids listing, with facts from the cache or, for unknown objects, from git. */
async function readWithCache(
  git: Git,
  cache: TagObjectCache,
  pending: Set<string>,
  read: RefEntry[],
  remember?: (listing: string) => Promise<void>,
  listed?: string,
): Promise<RefEntry[]> {
  const listing = listed ?? (await git.text(REF_LIST_ARGS));
  if (remember) await remember(listing);
  const { entries, unknown } = entriesOfListing(listing, cache);
  return withUnknownRead(git, entries, unknown, pending, read);
}

/**
 * The entries of a listing with the refs whose objects the cache lacks (`unknown`) read from git
 * in one rich for-each-ref (by name when they are few, else all tags), added to `read`.
 */
async function withUnknownRead(git: Git, entries: readonly ListedEntry[], unknown: readonly string[], pending: Set<string>, read: RefEntry[]): Promise<RefEntry[]> {
  if (!unknown.length) return entries as RefEntry[];
  parseRichOutput(await git.text(unknown.length <= MAX_NAMED_READ ? [...FOR_EACH_REF_ARGS.slice(0, 2), ...unknown] : FOR_EACH_REF_ARGS), pending, read);
  const byTag = new Map(read.map((e) => [e.tag, e]));
  const out: RefEntry[] = [];
  for (const e of entries) {
    if (e.facts) {
      out.push(e);
      continue;
    }
    // Read just now: its value then (a ref moved between the two reads counts as moved; a deleted one is gone).
    const fresh = byTag.get(e.tag);
    if (fresh) out.push(fresh);
  }
  return out;
}

type ListedEntry = RefEntry | { tag: string; objectName: string; facts?: undefined };

/** The refs of a names-and-ids listing with the facts the cache has, and the refs whose objects it lacks. */
function entriesOfListing(listing: string, cache: TagObjectCache): { entries: ListedEntry[]; unknown: string[] } {
  const entries: ListedEntry[] = [];
  const unknown: string[] = [];
  forEachListedTag(listing, (tag, objectName) => {
    const facts = cache.get(objectName);
    entries.push({ tag, objectName, facts });
    if (!facts) unknown.push(`refs/tags/${tag}`);
  });
  return { entries, unknown };
}

/** Calls `each` with the tag name and object id of every `refs/tags/` line of a names-and-ids listing (REF_LIST_ARGS). */
function forEachListedTag(listing: string, each: (tag: string, objectName: string) => void): void {
  let pos = 0;
  while (pos < listing.length) {
    let nl = listing.indexOf('\n', pos);
    if (nl < 0) nl = listing.length;
    const space = listing.lastIndexOf(' ', nl);
    const ref = listing.slice(pos, space);
    const objectName = listing.slice(space + 1, nl);
    pos = nl + 1;
    if (ref.startsWith('refs/tags/')) each(ref.slice(REFS_TAGS), objectName);
  }
}

/**
 * A snapshot from the caches, for a first paint: the listing a long-lived host last read
 * (loadSnapshot with rememberListing) and the facts of its objects, running no git unless a few
 * of those objects are missing (then one read of just their refs). Tags may have moved since:
 * to be confirmed with confirmSnapshot. Undefined when there is no listing or many objects are missing.
 */
export async function cachedSnapshot(git: Git): Promise<RepositorySnapshot | undefined> {
  const listing = await readRememberedListing(git);
  if (listing === undefined) return undefined;
  const cache = await TagObjectCache.open(git);
  const { entries, unknown } = entriesOfListing(listing, cache);
  if (!entries.length || unknown.length > MAX_NAMED_READ) return undefined;
  // A few objects another process dropped from the cache (it saw other tags): just those refs are read.
  const pending = new Set<string>();
  const known = await withUnknownRead(git, entries, unknown, pending, []);
  await peelDeeper(git, known, pending, cache);
  return buildSnapshot(git.cwd, known);
}

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

/** Parses the rich for-each-ref output; refs whose peeled commit is still to be found are added to `pending`. */
function parseRichOutput(output: string, pending: Set<string>, entries: RefEntry[]): RefEntry[] {
  const f = new Array<string>(FIELD_COUNT);
  let pos = 0;
  const end = output.length;
  while (pos < end) {
    for (let i = 0; i < FIELD_COUNT - 1; i++) {
      const next = output.indexOf('\x1f', pos);
      f[i] = output.slice(pos, next);
      pos = next + 1;
    }
    const recordEnd = output.indexOf('\x1e', pos);
    f[FIELD_COUNT - 1] = output.slice(pos, recordEnd);
    pos = recordEnd + 2; // the separator and for-each-ref's newline
    const objectType = f[2];
    const isTag = objectType === 'tag';
    const targetType = isTag ? f[4] : objectType;
    const commit = objectType === 'commit' ? f[1] : f[6] === 'commit' ? f[5] : null;
    if (!commit && isTag && targetType === 'tag') pending.add(f[1]);
    entries.push({
      tag: f[0].slice(REFS_TAGS),
      objectName: f[1],
      facts: { type: objectType, target: isTag ? f[3] : f[1], targetType, commit, fields: [f[7], f[8], f[9], f[10], f[11], f[12]] },
    });
  }
  return entries;
}

/** Tags whose target is another tag: peel through what this load and the cache know, then ask git once for the rest. */
async function peelDeeper(git: Git, entries: RefEntry[], pending: Set<string>, cache: TagObjectCache | undefined): Promise<Set<string>> {
  const unpeeled = new Set<string>();
  if (!pending.size) return unpeeled;
  const known = new Map<string, string | null>();
  for (const e of entries) if (!pending.has(e.objectName)) known.set(e.objectName, e.facts.commit);
  const resolved = new Map<string, string | null>();
  const ask: string[] = [];
  for (const e of entries) {
    if (!pending.has(e.objectName) || resolved.has(e.objectName)) continue;
    const target = e.facts.target;
    const inner = known.has(target) ? known.get(target) : cache?.get(target)?.commit;
    if (inner) resolved.set(e.objectName, inner);
    else ask.push(target);
  }
  const peeled = ask.length ? await peelToCommits(git, ask) : new Map<string, string>();
  for (const e of entries) {
    if (!pending.has(e.objectName)) continue;
    const commit = resolved.get(e.objectName) ?? peeled.get(e.facts.target) ?? null;
    if (!commit) unpeeled.add(e.objectName);
    e.facts = { ...e.facts, commit };
  }
  return unpeeled;
}

/** One component key's refs (sorted by name) and what they make. */
interface KeyGroup {
  readonly key: ParsedKey;
  readonly entries: readonly RefEntry[];
  /** Undefined when none of its refs is a version or an environment. */
  readonly component: ComponentInfo | undefined;
  /** Its refs whose slot fits no kind. */
  readonly unrecognized: readonly string[];
}

/** What a snapshot was built from, kept to rebuild only the components a few changed refs touch. */
interface SnapshotSource {
  readonly groups: ReadonlyMap<string, KeyGroup>;
  /** Tags whose name has no component key. */
  readonly keyless: readonly string[];
  /** Every tag ref (name without refs/tags/) and the object it named. */
  readonly refs: ReadonlyMap<string, string>;
}

const sources = new WeakMap<RepositorySnapshot, SnapshotSource>();

function keyTextOf(tag: string): string {
  const slash = tag.lastIndexOf('/');
  return slash > 0 ? tag.slice(0, slash) : '';
}

function buildSnapshot(root: string, entries: readonly RefEntry[]): RepositorySnapshot {
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
  return assemble(root, { groups, keyless, refs });
}

function groupOf(key: ParsedKey, entries: readonly RefEntry[]): KeyGroup {
  const g: Group = { key, versions: [], environments: [] };
  const unrecognized: string[] = [];
  for (const entry of entries) {
    const tag = entry.tag;
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
  return { key, entries, component: g.versions.length || g.environments.length ? componentOf(g) : undefined, unrecognized };
}

function assemble(root: string, source: SnapshotSource): RepositorySnapshot {
  const components: ComponentInfo[] = [];
  const unrecognized = [...source.keyless];
  for (const g of source.groups.values()) {
    if (g.component) components.push(g.component);
    for (const t of g.unrecognized) unrecognized.push(t);
  }
  components.sort(inComponentOrder);
  const snapshot = new RepositorySnapshot(root, components, unrecognized.sort(), new Date());
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
  const { entries: listed, unknown } = entriesOfListing(listing, cache);
  const now = listed.filter((e) => wanted.has(e.tag));
  const read: RefEntry[] = [];
  const pending = new Set<string>();
  if (unknown.length) {
    parseRichOutput(await git.text([...FOR_EACH_REF_ARGS.slice(0, 2), ...unknown.filter((r) => wanted.has(r.slice(REFS_TAGS)))]), pending, read);
  }
  const byTag = new Map(read.map((e) => [e.tag, e]));
  const fresh: RefEntry[] = [];
  for (const e of now) {
    const entry = e.facts ? (e) : byTag.get(e.tag);
    if (entry) fresh.push(entry);
  }
  const unpeeled = await peelDeeper(git, fresh, pending, cache);
  for (const e of read) if (!unpeeled.has(e.objectName)) cache.add(e.objectName, e.facts);
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
  const next = assemble(root, { groups, keyless: [...keyless], refs });
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
  const environments: EnvironmentInfo[] = [];
  for (const r of g.environments) {
    const commit = r.commit;
    // A lightweight ref may name a version tag object directly (`git tag production v1.0.0`).
    const direct = r.objectType === 'tag' ? byObject.get(r.objectName) : undefined;
    const annotated = r.objectType === 'tag' && !direct;
    const targeted = direct ?? (annotated ? byObject.get(r.target) : undefined);
    const atCommit: string[] = [];
    if (commit) for (const v of versions) if (v.commit === commit) atCommit.push(v.version);
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

function stripAngles(email: string): string | null {
  if (!email) return null;
  const inner = email.startsWith('<') && email.endsWith('>') ? email.slice(1, -1) : email;
  return inner || null;
}

/** Peels many objects to commits in one `git cat-file --batch-check`; objects that peel to no commit are absent. */
export async function peelToCommits(git: Git, objects: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(objects)];
  const out = await git.text(['cat-file', '--batch-check=%(objectname) %(objecttype)'], {
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
