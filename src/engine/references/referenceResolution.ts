import { BadMark, BadMarks, describeMark } from '../history/badMarks';
import { RepositorySnapshot, VersionInfo } from '../snapshot';
import { ComponentReference, partialVersionPrefix } from './referenceGrammar';

/**
 * What a reference resolves to now, by the tags of one snapshot and the bad marks of the
 * deployment history, and what is wrong with it: exactly what Conductor would load (see
 * referenceGrammar.ts): the tag with the very slot written, or nothing.
 */

type ReferenceSeverity = 'error' | 'warning' | 'information';

type ReferenceProblemKind =
  /** No tag of the component at all: Conductor finds nothing. */
  | 'missing-component'
  /** The component exists, the slot has no tag: Conductor finds nothing. */
  | 'missing-slot'
  /** A name or slot no tag can hold (a `/` in the name, a slot git refuses): Conductor finds nothing. */
  | 'untaggable'
  /** Looks like a reference, but Conductor passes it on as literal text (`@^2.0.0`, `@ring_0`). */
  | 'not-a-reference'
  /** The version it loads is marked bad. */
  | 'bad-version'
  /** A pinned version that some environment does not serve: moving that environment does not change it. */
  | 'pinned-differs'
  /** The 1.0.x form `prompt://name@version`: Conductor 1.1.0 removed it. */
  | 'legacy-form'
  /** No slot written: Conductor reads `@latest`. */
  | 'unversioned';

export interface ReferenceProblem {
  readonly kind: ReferenceProblemKind;
  readonly severity: ReferenceSeverity;
  readonly message: string;
  /** The text to write instead (legacy form), when one is obvious. */
  readonly replacement?: string;
  /** The mark of a bad version. */
  readonly mark?: BadMark;
}

export interface ReferenceResolution {
  /** `environment`: the slot is an environment tag; `pinned`: a version tag; `missing`: no tag Conductor could read. */
  readonly status: 'environment' | 'pinned' | 'missing';
  /** For people: `production → v1.9.0`, `pinned v2.0.0`, `no tag components/prompts/x/v2`. */
  readonly summary: string;
  /** The tag Conductor's key comes from, when it exists. */
  readonly tag: string | null;
  readonly componentKey: string | null;
  /** The version it loads (an environment's version; the pin), or null. */
  readonly version: string | null;
  /** The commit it loads, or null. */
  readonly commit: string | null;
  /** Where the tags would allow a partial version or `latest` to go, when no tag has the slot (said as "the tags allow", never as what Conductor does). */
  readonly tagsAllow: string | null;
  readonly problems: readonly ReferenceProblem[];
}

/** Resolves one reference against the tags and the bad marks. */
export function resolveReference(ref: ComponentReference, snapshot: RepositorySnapshot, marks: BadMarks): ReferenceResolution {
  const problems: ReferenceProblem[] = [];
  if (ref.form === 'legacy-uri') {
    problems.push({
      kind: 'legacy-form',
      severity: 'information',
      message: `The ${ref.text.slice(0, ref.text.indexOf(':'))}:// form was removed in Conductor 1.1.0: write ${ref.canonical}.`,
      replacement: ref.canonical,
    });
  } else if (ref.form === 'unversioned') {
    problems.push({ kind: 'unversioned', severity: 'information', message: `No slot: Conductor reads ${ref.canonical}.` });
  }
  const missing = (summary: string, extra: Omit<ReferenceProblem, 'severity'>, tagsAllow: string | null = null): ReferenceResolution => ({
    status: 'missing',
    summary,
    tag: null,
    componentKey: ref.componentKey,
    version: null,
    commit: null,
    tagsAllow,
    problems: [{ ...extra, severity: extra.kind === 'not-a-reference' ? 'warning' : 'error' }, ...problems],
  });
  if (!ref.conductorReads) {
    return missing('not read as a reference', {
      kind: 'not-a-reference',
      message: `Conductor reads "${ref.text}" as literal text, not as a reference: a slot has only letters, digits, "." and "-".`,
    });
  }
  if (!ref.componentKey || !ref.tag) {
    const why = ref.name.includes('/') ? `the name "${ref.name}" contains "/", and the deploy workflow reads a tag's name up to the next "/"` : `no git tag can be named ${ref.componentId}/${ref.slot}`;
    return missing('no tag can hold it', { kind: 'untaggable', message: `Conductor finds nothing for ${ref.canonical}: ${why}.` });
  }
  // Current layout only: the deploy workflow publishes no other.
  const component = snapshot.get(ref.componentKey);
  if (!component) {
    return missing(`no tag ${ref.componentKey}/…`, {
      kind: 'missing-component',
      message: `No tag of ${ref.componentId} (${ref.componentKey}/…): Conductor finds nothing for ${ref.canonical}.`,
    });
  }
  if (ref.slotKind === 'version') {
    const pinned = component.versions.find((v) => v.version === ref.slot);
    if (!pinned) {
      return missing(`no tag ${ref.tag}`, { kind: 'missing-slot', message: `No version ${ref.slot} of ${ref.componentId} (no tag ${ref.tag}): Conductor finds nothing.` });
    }
    const mark = marks.get(component.key, pinned.version);
    if (mark) problems.unshift({ kind: 'bad-version', severity: 'warning', message: `Pinned to ${pinned.version}, ${describeMark(mark)}.`, mark });
    const differing = component.environments.filter((e) => e.version !== pinned.version);
    if (differing.length) {
      const serves = differing.map((e) => `${e.name} serves ${e.version ?? (e.commit ? `commit ${e.commit.slice(0, 10)}` : 'nothing')}`).join(', ');
      problems.push({
        kind: 'pinned-differs',
        severity: 'information',
        message: `Pinned to ${pinned.version} (${serves}): a rollback or deploy of ${differing.map((e) => e.name).join(', ')} does not change this.`,
      });
    }
    return { status: 'pinned', summary: `pinned ${pinned.version}`, tag: pinned.tag, componentKey: component.key, version: pinned.version, commit: pinned.commit, tagsAllow: null, problems };
  }
  const env = component.environments.find((e) => e.name === ref.slot);
  if (!env) {
    const allow = tagsAllow(ref.slot, component.versions);
    const note = allow ? ` (the tags would allow ${allow}, but Conductor matches the slot exactly)` : '';
    return missing(`no tag ${ref.tag}`, { kind: 'missing-slot', message: `No tag ${ref.tag}: Conductor finds nothing for ${ref.canonical}${note}.` }, allow);
  }
  const at = env.version ?? (env.commit ? `commit ${env.commit.slice(0, 10)}` : 'no commit');
  const mark = marks.get(component.key, env.version);
  if (mark) problems.unshift({ kind: 'bad-version', severity: 'warning', message: `${env.name} serves ${env.version}, ${describeMark(mark)}.`, mark });
  return { status: 'environment', summary: `${env.name} → ${at}`, tag: env.tag, componentKey: component.key, version: env.version, commit: env.commit, tagsAllow: null, problems };
}

/** Where a partial version (`v2`: highest v2.x.y) or `latest` (highest release) would go by the tags, or null. */
function tagsAllow(slot: string, versions: readonly VersionInfo[]): string | null {
  const releases = versions.filter((v) => !v.prerelease);
  if (slot === 'latest') return releases[0]?.version ?? versions[0]?.version ?? null;
  const prefix = partialVersionPrefix(slot);
  if (!prefix) return null;
  const matching = versions.filter((v) => v.version.startsWith(prefix));
  return (matching.find((v) => !v.prerelease) ?? matching[0])?.version ?? null;
}
