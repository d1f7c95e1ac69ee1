import { ReadProblem } from '../readProblems';
import { ParsedKey, classifySlot, parseComponentKey } from '../tagGrammar';
import { compareVersions, isPrerelease } from '../versionOrder';
import { keyTextOf } from './listing';
import { ComponentInfo, EnvironmentInfo, Group, KeyGroup, RawRef, RefEntry, RepositorySnapshot, SnapshotSource, VersionInfo, inComponentOrder } from './model';

/**
 * Turns tag refs and their objects' facts into a RepositorySnapshot: refs grouped by component
 * key (for-each-ref sorts by name, so a component's refs arrive together), each group made into a
 * ComponentInfo. The snapshot keeps what it was built from (its source), so a few changed refs
 * rebuild only their components (snapshot/refresh.ts).
 */

export function buildSnapshot(root: string, entries: readonly RefEntry[], listingProblems: readonly ReadProblem[]): RepositorySnapshot {
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

export function groupOf(key: ParsedKey, entries: readonly RefEntry[]): KeyGroup {
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

export function assemble(root: string, source: SnapshotSource): RepositorySnapshot {
  const components: ComponentInfo[] = [];
  const unrecognized = [...source.keyless];
  const problems = [...source.listingProblems];
  for (const g of source.groups.values()) {
    if (g.component) components.push(g.component);
    for (const t of g.unrecognized) unrecognized.push(t);
    for (const p of g.problems) problems.push(p);
  }
  components.sort(inComponentOrder);
  return new RepositorySnapshot(root, components, unrecognized.sort(), new Date(), problems, source);
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

