import * as path from 'node:path';
import { Git } from '../git';
import { StringTable } from '../stringTable';
import { cacheDirectory, cacheDisabled, readCacheFile, writeCacheFileSoon } from './cacheFile';

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

export const TAG_FACT_FIELDS = 7;
const KIND = 'tag-objects';
/** Bump when TagObjectFacts or the record layout changes: older files are then ignored and rebuilt. */
export const TAG_CACHE_VERSION = 3;
const TYPES = new Set(['commit', 'tag', 'tree', 'blob']);

/** Entries already read in this process, per cache file (long-lived hosts such as the extension read the file once). */
const inMemory = new Map<string, Map<string, TagObjectFacts>>();
/** Per cache file, the objects the refs named at the latest load (what a deferred write keeps). */
const latestNamed = new Map<string, readonly string[]>();

/** Facts of tag-ref objects, from `.git/edgit/cache/tag-objects` and from git. */
export class TagObjectCache {
  private added = 0;

  private constructor(
    /** null: caching is off (EDGIT_CACHE=off); the cache then only lives for one load. */
    readonly file: string | null,
    private readonly facts: Map<string, TagObjectFacts>,
  ) {}

  /** A cache that lives for one load only (no file). */
  static transient(): TagObjectCache {
    return new TagObjectCache(null, new Map());
  }

  static async open(git: Git): Promise<TagObjectCache> {
    if (cacheDisabled()) return TagObjectCache.transient();
    const file = path.join(await cacheDirectory(git), KIND);
    let facts = inMemory.get(file);
    if (!facts) {
      const body = await readCacheFile(file, KIND, TAG_CACHE_VERSION);
      facts = body ? parseTagFacts(body.toString('utf8')) : new Map();
      inMemory.set(file, facts);
    }
    return new TagObjectCache(file, facts);
  }

  /** Whether the file (or this process) knew anything when opened: false means a cold start. */
  get size(): number {
    return this.facts.size;
  }

  get(oid: string): TagObjectFacts | undefined {
    return this.facts.get(oid);
  }

  add(oid: string, facts: TagObjectFacts): void {
    if (!this.file || this.facts.has(oid) || !cacheable(oid, facts)) return;
    this.facts.set(oid, facts);
    this.added++;
  }

  /**
   * Rewrites the file with the entries of the objects the refs name now (`named`, one per ref)
   * when something was added or many entries are no longer named; other entries are dropped.
   */
  async save(named: readonly string[]): Promise<void> {
    const file = this.file;
    if (!file) return;
    // A write deferred by an earlier load keeps what the refs name at the latest load, not then.
    latestNamed.set(file, named);
    const slack = Math.max(64, this.facts.size / 10);
    // Refs outnumber their distinct objects, so without additions this is usually decided without a set.
    if (!this.added && this.facts.size - named.length <= slack) return;
    if (!this.added && this.facts.size - countKnown(this.facts, new Set(named)) <= slack) return;
    this.added = 0;
    const facts = this.facts;
    const prune = () => {
      const kept = new Map<string, TagObjectFacts>();
      for (const oid of new Set(latestNamed.get(file) ?? named)) {
        const f = facts.get(oid);
        if (f) kept.set(oid, f);
      }
      return kept;
    };
    await writeCacheFileSoon(file, KIND, TAG_CACHE_VERSION, () => {
      const kept = prune();
      // Unless another load replaced this process's entries meanwhile, it keeps only what it wrote.
      if (inMemory.get(file) === facts) inMemory.set(file, kept);
      return Buffer.from(formatTagFacts(kept), 'utf8');
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
  return isOid(oid) && TYPES.has(f.type) && isOid(f.target) && TYPES.has(f.targetType) && (f.commit === null || isOid(f.commit)) && f.fields.length === TAG_FACT_FIELDS;
}

/** Values per object in the file: its id, type, target, target type, commit ('' for none), then the fields. */
const WIDTH = 5 + TAG_FACT_FIELDS;

/**
 * The file's body: JSON `{"s": [strings], "d": [indexes]}`, each object WIDTH indexes into `s`.
 * Equal strings (commits named by several tags, taggers, dates, types) are stored once, so reading
 * makes a fraction of the strings a record per line would, and JSON.parse does the scanning.
 */
interface Body {
  readonly s: string[];
  readonly d: number[];
}

export function formatTagFacts(facts: ReadonlyMap<string, TagObjectFacts>): string {
  const table = new StringTable();
  const d: number[] = [];
  for (const [oid, f] of facts) {
    d.push(table.indexOf(oid), table.indexOf(f.type), table.indexOf(f.target), table.indexOf(f.targetType), table.indexOf(f.commit ?? ''));
    for (const field of f.fields) d.push(table.indexOf(field));
  }
  return JSON.stringify({ s: table.strings, d } satisfies Body);
}

/** Parses a cache body; anything malformed makes the whole body count as absent (rebuilt from git). */
export function parseTagFacts(body: string): Map<string, TagObjectFacts> {
  const facts = new Map<string, TagObjectFacts>();
  let b: Body;
  try {
    b = JSON.parse(body) as Body;
  } catch {
    return facts;
  }
  const s = b?.s;
  const d = b?.d;
  if (!Array.isArray(s) || !Array.isArray(d) || d.length % WIDTH !== 0) return facts;
  for (const v of s) if (typeof v !== 'string') return new Map();
  // What each string was checked to be, once: 1 an object id, 2 a type, 3 neither.
  const kind = new Uint8Array(s.length);
  const checked = (i: number, want: 1 | 2): boolean => {
    if (!(i >= 0 && i < s.length && Number.isInteger(i))) return false;
    if (!kind[i]) kind[i] = isOid(s[i]) ? 1 : TYPES.has(s[i]) ? 2 : 3;
    return kind[i] === want;
  };
  const inRange = (i: number): boolean => i >= 0 && i < s.length && Number.isInteger(i);
  for (let p = 0; p < d.length; p += WIDTH) {
    const commit = d[p + 4];
    // The checksum guards against damage; these guard against a file that is whole but not ours.
    if (!checked(d[p], 1) || !checked(d[p + 1], 2) || !checked(d[p + 2], 1) || !checked(d[p + 3], 2)) return new Map();
    if (!inRange(commit) || (s[commit] !== '' && !checked(commit, 1))) return new Map();
    const fields = new Array<string>(TAG_FACT_FIELDS);
    for (let k = 0; k < TAG_FACT_FIELDS; k++) {
      const i = d[p + 5 + k];
      if (!inRange(i)) return new Map();
      fields[k] = s[i];
    }
    facts.set(s[d[p]], { type: s[d[p + 1]], target: s[d[p + 2]], targetType: s[d[p + 3]], commit: s[commit] || null, fields });
  }
  return facts;
}

/** A hex object id of SHA-1 or SHA-256 length (cheaper than a regular expression over 26,000 records). */
function isOid(s: string): boolean {
  if (s.length !== 40 && s.length !== 64) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** Forgets what this process read (tests that corrupt or delete the file between loads). */
export function forgetTagObjectCaches(): void {
  inMemory.clear();
  latestNamed.clear();
}
