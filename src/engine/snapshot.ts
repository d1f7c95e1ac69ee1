import { Git } from './git';
import { EdgitError } from './errors';
import { ParsedTag, TagLayout, parseReference, parseTag } from './tagGrammar';
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
  '%(*objectname)',
  '%(*objecttype)',
  '%(creatordate:iso-strict)',
  '%(taggername)',
  '%(taggeremail)',
  '%(authorname)',
  '%(authoremail)',
  '%(contents:subject)',
];
/** Unit separator between fields, record separator after each ref: neither appears in names or subjects. */
export const FOR_EACH_REF_FORMAT = FIELDS.join('%1f') + '%1e';
export const FOR_EACH_REF_ARGS = ['for-each-ref', `--format=${FOR_EACH_REF_FORMAT}`, 'refs/tags'] as const;

interface RawRef {
  parsed: ParsedTag;
  objectName: string;
  objectType: string;
  peeledName: string;
  peeledType: string;
  date: string;
  taggerName: string;
  taggerEmail: string;
  authorName: string;
  authorEmail: string;
  subject: string;
}

/** Loads the snapshot of a repository: one `git for-each-ref`, plus one `git cat-file` only for tags nested deeper than one level whose inner tag is not itself a ref. */
export async function loadSnapshot(git: Git): Promise<RepositorySnapshot> {
  const output = await git.text(FOR_EACH_REF_ARGS);
  const raw: RawRef[] = [];
  const unrecognized: string[] = [];
  /** Tag object id → the commit it peels to, for tag objects that are refs themselves. */
  const peeledByTagObject = new Map<string, string>();
  const deeper: RawRef[] = [];

  for (const record of output.split('\x1e\n')) {
    if (!record) continue;
    const f = record.split('\x1f');
    const refname = f[0];
    const parsed = parseTag(refname);
    if (!parsed) {
      unrecognized.push(refname.slice('refs/tags/'.length));
      continue;
    }
    const r: RawRef = {
      parsed,
      objectName: f[1],
      objectType: f[2],
      peeledName: f[3],
      peeledType: f[4],
      date: f[5],
      taggerName: f[6],
      taggerEmail: f[7],
      authorName: f[8],
      authorEmail: f[9],
      subject: f[10] ?? '',
    };
    raw.push(r);
    if (r.objectType === 'tag' && r.peeledType === 'commit') peeledByTagObject.set(r.objectName, r.peeledName);
  }

  const commitOf = new Map<RawRef, string | null>();
  for (const r of raw) {
    if (r.objectType === 'commit') commitOf.set(r, r.objectName);
    else if (r.objectType === 'tag' && r.peeledType === 'commit') commitOf.set(r, r.peeledName);
    else if (r.objectType === 'tag' && r.peeledType === 'tag') {
      const inner = peeledByTagObject.get(r.peeledName);
      if (inner) commitOf.set(r, inner);
      else deeper.push(r);
    } else commitOf.set(r, null);
  }
  if (deeper.length) {
    const peeled = await peelToCommits(git, deeper.map((r) => r.peeledName));
    for (const r of deeper) commitOf.set(r, peeled.get(r.peeledName) ?? null);
  }

  const groups = new Map<string, RawRef[]>();
  for (const r of raw) {
    const list = groups.get(r.parsed.key);
    if (list) list.push(r);
    else groups.set(r.parsed.key, [r]);
  }

  const components: ComponentInfo[] = [];
  for (const [key, refs] of groups) {
    const first = refs[0].parsed;
    const versions: VersionInfo[] = [];
    for (const r of refs) {
      if (r.parsed.slotKind !== 'version') continue;
      const commit = commitOf.get(r);
      if (!commit) continue;
      const annotated = r.objectType === 'tag';
      versions.push({
        version: r.parsed.slot,
        tag: r.parsed.tag,
        commit,
        objectName: r.objectName,
        annotated,
        date: r.date || null,
        tagger: (annotated ? r.taggerName : r.authorName) || null,
        taggerEmail: stripAngles(annotated ? r.taggerEmail : r.authorEmail),
        message: r.subject,
        prerelease: isPrerelease(r.parsed.slot),
      });
    }
    versions.sort((a, b) => compareVersions(b.version, a.version));
    // Annotated version tags by their tag object: what a CLI-written env tag points at.
    const byObject = new Map(versions.filter((v) => v.annotated).map((v) => [v.objectName, v]));
    const environments: EnvironmentInfo[] = [];
    for (const r of refs) {
      if (r.parsed.slotKind !== 'environment') continue;
      const commit = commitOf.get(r) ?? null;
      // A lightweight ref may name a version tag object directly (`git tag production v1.0.0`).
      const direct = r.objectType === 'tag' ? byObject.get(r.objectName) : undefined;
      const annotated = r.objectType === 'tag' && !direct;
      const targeted = direct ?? (annotated ? byObject.get(r.peeledName) : undefined);
      const atCommit = commit ? versions.filter((v) => v.commit === commit).map((v) => v.version) : [];
      environments.push({
        name: r.parsed.slot,
        tag: r.parsed.tag,
        objectName: r.objectName,
        target: annotated ? r.peeledName : r.objectName,
        targetType: annotated ? r.peeledType : r.objectType,
        commit,
        version: targeted && targeted.commit === commit ? targeted.version : (atCommit[0] ?? null),
        versionsAtCommit: atCommit,
        targetsVersionTag: !!targeted,
        annotated,
        movedAt: annotated ? r.date || null : null,
        movedBy: annotated ? r.taggerName || null : null,
        movedByEmail: annotated ? stripAngles(r.taggerEmail) : null,
        message: r.subject,
      });
    }
    environments.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    components.push({
      key,
      id: `${first.namespace}/${first.name}`,
      prefix: first.prefix,
      namespace: first.namespace,
      name: first.name,
      layout: first.layout,
      legacy: first.legacy,
      versions,
      environments,
    });
  }
  components.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.key < b.key ? -1 : 1));
  return new RepositorySnapshot(git.cwd, components, unrecognized.sort(), new Date());
}

function stripAngles(email: string): string | null {
  if (!email) return null;
  return email.replace(/^<|>$/g, '') || null;
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
