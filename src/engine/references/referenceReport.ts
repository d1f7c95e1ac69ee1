import { BadMarks } from '../history/badMarks';
import { RepositorySnapshot } from '../snapshot';
import { ReferenceFileProblem, ReferenceIndex, ReferenceSite } from './referenceIndex';
import { ReferenceProblem, ReferenceResolution, resolveReference } from './referenceResolution';

/** A reference where it is written, and what it resolves to now. */
export interface ResolvedSite {
  readonly site: ReferenceSite;
  readonly resolution: ReferenceResolution;
}

/** Every reference of an index resolved against the tags and marks, by file and position. */
export function resolveAll(index: ReferenceIndex, snapshot: RepositorySnapshot, marks: BadMarks): ResolvedSite[] {
  return index.references().map((site) => ({ site, resolution: resolveReference(site.reference, snapshot, marks) }));
}

/**
 * The problems for which a resolved reference fails a CI gate (`verify`): Conductor would find nothing
 * (an error), or it pins a version marked bad. Environment references to a bad version are
 * verify's environment check already; information never fails.
 */
export function gateProblems(r: ResolvedSite): ReferenceProblem[] {
  return r.resolution.problems.filter((p) => p.severity === 'error' || (p.kind === 'bad-version' && r.resolution.status === 'pinned'));
}

export interface ReferenceGate {
  readonly checked: number;
  readonly failing: readonly ResolvedSite[];
  /** Files that could not be read as YAML: their references are unknown, so the gate fails on them too. */
  readonly unreadable: readonly ReferenceFileProblem[];
  readonly ok: boolean;
}

/** The references part of `verify`. */
export function referenceGate(index: ReferenceIndex, snapshot: RepositorySnapshot, marks: BadMarks): ReferenceGate {
  const all = resolveAll(index, snapshot, marks);
  const failing = all.filter((r) => gateProblems(r).length > 0);
  const unreadable = index.problems();
  return { checked: all.length, failing, unreadable, ok: !failing.length && !unreadable.length };
}
