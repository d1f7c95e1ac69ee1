import type { Git } from '../git';
import { isObjectId } from '../gitObjects';
import { CacheFileKind, CacheStore } from './cacheStore';
import { Columns, columnIndex, decodeTable, encodeTable } from './tableCodec';

/**
 * What the snapshot needs from the object a tag ref names, keyed by that object's id. A git
 * object never changes for a given id, so a cached entry can never be stale: only the list of
 * refs (name → object id) has to be read each time.
 */
export interface TagObjectFacts {
  /** The object's type (`tag` for annotated tags, `commit` for lightweight ones…). */
  readonly type: string;
  /** For a tag object: what it names directly, and that object's type; else the object itself and its type. */
  readonly target: string;
  readonly targetType: string;
  /** The commit it peels to through any number of nested tags, or null when it peels to no commit. */
  readonly commit: string | null;
  /**
   * Date (iso-strict, in the object's zone), tagger name, tagger email, author name, author email,
   * subject, and the problem ('' for none: what could not be read, e.g. a date out of range).
   */
  readonly fields: readonly string[];
}

const TAG_FACT_FIELDS = 7;

/** The file: object id → facts, one row per object (see tableCodec.ts). Bump the version when the facts' meaning changes. */
export const TAG_OBJECTS_FILE: CacheFileKind = { name: 'tag-objects', kind: 'tag-objects', version: 5 };

const TYPES = new Set(['commit', 'tag', 'tree', 'blob']);

/** The columns of a row: the object's id, then its facts. */
const COLUMNS = {
  object: 's',
  type: 's',
  target: 's',
  targetType: 's',
  commit: 's',
  date: 's',
  tagger: 's',
  taggerEmail: 's',
  author: 's',
  authorEmail: 's',
  subject: 's',
  problem: 's',
} as const satisfies Columns;
const at = columnIndex(COLUMNS);
const FIELD_COLUMNS = ['date', 'tagger', 'taggerEmail', 'author', 'authorEmail', 'subject', 'problem'] as const satisfies readonly (keyof typeof COLUMNS)[] & { length: typeof TAG_FACT_FIELDS };

/** What the store keeps in memory for this cache: the facts read (a long-lived host reads the file once), and what the refs named at the latest load. */
interface Kept {
  facts: Map<string, TagObjectFacts> | undefined;
  latestNamed: readonly string[] | undefined;
}

/** Facts of tag-ref objects, from the repository's `tag-objects` cache file and from git. */
export class TagObjectCache {
  private added = 0;

  private constructor(
    /** Undefined: caching is off (EDGIT_CACHE=off, or a load that asked for none); the facts then live for one load. */
    private readonly store: CacheStore | undefined,
    private readonly kept: Kept,
  ) {}

  /** A cache that lives for one load only (no file). */
  static transient(): TagObjectCache {
    return new TagObjectCache(undefined, { facts: new Map(), latestNamed: undefined });
  }

  static async open(git: Git): Promise<TagObjectCache> {
    const store = git.caches;
    if (store.disabled) return TagObjectCache.transient();
    const kept = store.slot<Kept>(TAG_OBJECTS_FILE.name, () => ({ facts: undefined, latestNamed: undefined }));
    if (!kept.facts) {
      const body = await store.read(TAG_OBJECTS_FILE);
      kept.facts ??= body ? decodeTagFacts(body) : new Map();
    }
    return new TagObjectCache(store, kept);
  }

  private get facts(): Map<string, TagObjectFacts> {
    return this.kept.facts!;
  }

  /** Whether the file (or this store) knew anything when opened: false means a cold start. */
  get size(): number {
    return this.facts.size;
  }

  get(oid: string): TagObjectFacts | undefined {
    return this.facts.get(oid);
  }

  add(oid: string, facts: TagObjectFacts): void {
    if (!this.store || this.facts.has(oid) || !cacheable(oid, facts)) return;
    this.facts.set(oid, facts);
    this.added++;
  }

  /**
   * Rewrites the file with the entries of the objects the refs name now (`named`, one per ref)
   * when something was added or many entries are no longer named; other entries are dropped.
   */
  async save(named: readonly string[]): Promise<void> {
    const store = this.store;
    if (!store) return;
    // A write deferred by an earlier load keeps what the refs name at the latest load, not then.
    const kept = this.kept;
    kept.latestNamed = named;
    const slack = Math.max(64, this.facts.size / 10);
    // Refs outnumber their distinct objects, so without additions this is usually decided without a set.
    if (!this.added && this.facts.size - named.length <= slack) return;
    if (!this.added && this.facts.size - countKnown(this.facts, new Set(named)) <= slack) return;
    this.added = 0;
    const facts = this.facts;
    await store.writeSoon(TAG_OBJECTS_FILE, () => {
      const pruned = new Map<string, TagObjectFacts>();
      for (const oid of new Set(kept.latestNamed ?? named)) {
        const f = facts.get(oid);
        if (f) pruned.set(oid, f);
      }
      // Unless another load replaced these entries meanwhile, the store keeps only what it wrote.
      if (kept.facts === facts) kept.facts = pruned;
      return [encodeTagFacts(pruned)];
    });
  }
}

function countKnown(facts: ReadonlyMap<string, TagObjectFacts>, reachable: ReadonlySet<string>): number {
  let n = 0;
  for (const oid of reachable) if (facts.has(oid)) n++;
  return n;
}

/** Entries the file could not hold as they are are simply not cached (read from git each time). */
function cacheable(oid: string, f: TagObjectFacts): boolean {
  return isObjectId(oid) && TYPES.has(f.type) && isObjectId(f.target) && TYPES.has(f.targetType) && (f.commit === null || isObjectId(f.commit)) && f.fields.length === TAG_FACT_FIELDS;
}

/** The body of the file for these facts. */
export function encodeTagFacts(facts: ReadonlyMap<string, TagObjectFacts>): Buffer {
  function* rows() {
    for (const [object, f] of facts) {
      const row: Record<string, string | null> = { object, type: f.type, target: f.target, targetType: f.targetType, commit: f.commit };
      FIELD_COLUMNS.forEach((name, i) => (row[name] = f.fields[i]));
      yield row;
    }
  }
  return encodeTable(COLUMNS, rows());
}

/** The facts of a file's body; anything malformed makes the whole body count as absent (rebuilt from git). */
export function decodeTagFacts(body: Buffer): Map<string, TagObjectFacts> {
  const table = decodeTable(body, COLUMNS);
  const facts = new Map<string, TagObjectFacts>();
  if (!table) return facts;
  const t = table.rows;
  for (let r = 0; r < t.rows; r++) {
    const object = t.string(r, at.object);
    const type = t.string(r, at.type);
    const target = t.string(r, at.target);
    const targetType = t.string(r, at.targetType);
    const commit = t.string(r, at.commit);
    // The checksum guards against damage; these guard against a file that is whole but not ours.
    if (object === null || !isObjectId(object) || type === null || !TYPES.has(type) || target === null || !isObjectId(target) || targetType === null || !TYPES.has(targetType)) return new Map();
    if (commit !== null && !isObjectId(commit)) return new Map();
    const fields = FIELD_COLUMNS.map((name) => t.string(r, at[name]));
    if (fields.some((v) => v === null)) return new Map();
    facts.set(object, { type, target, targetType, commit, fields: fields as string[] });
  }
  return facts;
}
