import { EdgitError } from '../errors';
import { ReadProblem } from '../readProblems';
import { TagObjectFacts } from '../cache/tagObjectCache';
import { ParsedKey, TagLayout, parseReference } from '../tagGrammar';

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
    /** What it was built from (snapshot/build.ts), to rebuild only the components a few changed refs touch. */
    readonly source?: SnapshotSource,
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

/** The order of a snapshot's components (and of time travel's answers): by id, then key (a legacy and a current component can share an id). */
export function inComponentOrder(a: { id: string; key: string }, b: { id: string; key: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : a.key < b.key ? -1 : 1;
}

/** A component as its tag names alone tell it: what a first level of a tree needs. */
export interface ComponentName {
  readonly key: string;
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly legacy: boolean;
}

/** One ref as for-each-ref printed it. */
export interface RawRef {
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
export interface Group {
  readonly key: ParsedKey;
  readonly versions: RawRef[];
  readonly environments: RawRef[];
}

/** A tag ref and what its object says (facts of one object, shared by every ref naming it). */
export interface RefEntry {
  readonly tag: string;
  readonly objectName: string;
  facts: TagObjectFacts;
}

/** One component key's refs (sorted by name) and what they make. */
export interface KeyGroup {
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
export interface SnapshotSource {
  readonly groups: ReadonlyMap<string, KeyGroup>;
  /** Tags whose name has no component key. */
  readonly keyless: readonly string[];
  /** Every tag ref (name without refs/tags/) and the object it named. */
  readonly refs: ReadonlyMap<string, string>;
  /** Lines of the listing that were skipped. */
  readonly listingProblems: readonly ReadProblem[];
}

