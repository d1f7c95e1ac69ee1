import { historyCommitPlace, ReadProblem } from '../readProblems';
import { RepositorySnapshot } from '../snapshot';
import { HistoryEvent } from './historyEvents';
import { DeploymentHistory } from './deploymentHistory';

/**
 * Events are claims, and anyone who can push writes them. An event that names objects git knows
 * must agree with them: the tag object it moved the environment to (or from) must point at the
 * commit it says, and the version it names must be that commit. One that does not could only
 * mislead (a "rollback to v1.0.0" naming the production tag object that still points at v1.1.0):
 * it is left out of every timeline (time travel, the rollback suggestion, observations) and named
 * in `history.skipped`, which `verify` fails on.
 *
 * Objects git does not have here (old env tag objects a clone never fetched) cannot be checked,
 * and cannot mislead either: nothing here is matched against them. Bad marks name a version only
 * and are not checked.
 */
export function checkEvents(history: DeploymentHistory, snapshot: RepositorySnapshot): void {
  const checked = history.checkedAgainst;
  // Events observed in memory come from this snapshot's tags: only events read from commits are checked.
  if (checked && checked.snapshot === snapshot && checked.size === history.writtenSize) return;
  if (history.size) checkEventsWith(history, knowledgeOf(snapshot));
  history.checkedAgainst = { snapshot, size: history.writtenSize };
}

/** What git says of the objects events may name: the commit each tag object points at, and each component's versions. */
export interface ObjectKnowledge {
  /** Object id (tag object or commit a ref names) → the commit it peels to (null: none). */
  readonly commitOf: Map<string, string | null>;
  /** Component key → version → its commit. */
  readonly versions: Map<string, Map<string, string>>;
}

/** What a snapshot's refs say. */
export function knowledgeOf(snapshot: RepositorySnapshot): ObjectKnowledge {
  const commitOf = new Map<string, string | null>();
  const versions = new Map<string, Map<string, string>>();
  for (const c of snapshot.components) {
    const byVersion = new Map<string, string>();
    for (const v of c.versions) {
      commitOf.set(v.objectName, v.commit);
      byVersion.set(v.version, v.commit);
    }
    for (const e of c.environments) commitOf.set(e.objectName, e.commit);
    versions.set(c.key, byVersion);
  }
  return { commitOf, versions };
}

/** Sets the events of `history` that contradict `known` (see checkEvents), whatever was checked before. */
export function checkEventsWith(history: DeploymentHistory, known: ObjectKnowledge): void {
  const contradicted = new Map<HistoryEvent, ReadProblem>();
  for (const e of history.events) {
    if (e.kind === 'mark' || !e.historyCommit) continue;
    const why = contradiction(e, known.commitOf, known.versions.get(e.componentKey));
    if (why) contradicted.set(e, { where: historyCommitPlace(e.historyCommit || 'unwritten'), what: `${e.componentId} · ${e.environment}: ${why}; the event is ignored` });
  }
  history.setContradicted(contradicted);
  history.checkedAgainst = undefined;
}

const short = (commit: string | null): string => (commit ? commit.slice(0, 10) : 'nothing');

/** Why an event contradicts what git says of the objects it names, or undefined when it does not. */
function contradiction(e: HistoryEvent, commitOf: ReadonlyMap<string, string | null>, versions: ReadonlyMap<string, string> | undefined): string | undefined {
  if (e.toObject && commitOf.has(e.toObject) && commitOf.get(e.toObject) !== e.toCommit) {
    return `it says tag object ${short(e.toObject)} is at ${short(e.toCommit)}, git says ${short(commitOf.get(e.toObject) ?? null)}`;
  }
  if (e.fromObject && e.fromCommit && commitOf.has(e.fromObject) && commitOf.get(e.fromObject) !== e.fromCommit) {
    return `it says tag object ${short(e.fromObject)} was at ${short(e.fromCommit)}, git says ${short(commitOf.get(e.fromObject) ?? null)}`;
  }
  const to = e.toVersion ? versions?.get(e.toVersion) : undefined;
  if (to && e.toCommit !== to) return `it says ${e.toVersion} is ${short(e.toCommit)}, git says ${short(to)}`;
  const from = e.fromVersion && e.fromCommit ? versions?.get(e.fromVersion) : undefined;
  if (from && e.fromCommit !== from) return `it says ${e.fromVersion} is ${short(e.fromCommit)}, git says ${short(from)}`;
  return undefined;
}
