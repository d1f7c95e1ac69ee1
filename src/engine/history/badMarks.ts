import { EdgitError } from '../errors';
import { EnvironmentMove, newBatchId } from '../environmentMoves';
import { ComponentInfo } from '../snapshot';
import { EventDraft, HistoryEvent, MarkAction, oneLine } from './historyEvents';
import { DeploymentHistory, compareEvents } from './deploymentHistory';

/**
 * Bad marks: "version V of component C is bad" (or no longer), with who, when and why. They are
 * records of kind `mark` in the deployment history (refs/edgit/history), so they travel, merge
 * and are fetched exactly like the events; the latest mark or unmark of a component's version
 * wins. A version marked bad is never suggested and its deployment is refused unless overridden.
 */

/** A version's bad mark in force. */
export interface BadMark {
  readonly componentKey: string;
  readonly componentId: string;
  readonly version: string;
  /** The commit the version named when it was marked (null when unknown). */
  readonly commit: string | null;
  readonly reason: string | null;
  /** `Name <email>` of who marked it. */
  readonly by: string;
  /** When, ISO 8601 UTC, and the same in ms. */
  readonly at: string;
  readonly atMs: number;
  readonly historyCommit: string;
  readonly batch: string;
}

/** The marks in force in one history: the latest mark or unmark of each component version. */
export class BadMarks {
  private readonly byKey = new Map<string, Map<string, BadMark>>();

  constructor(records: readonly HistoryEvent[] = []) {
    const latest = new Map<string, HistoryEvent>();
    for (const r of records) {
      if (r.kind !== 'mark' || !r.toVersion) continue;
      const id = `${r.componentKey}\0${r.toVersion}`;
      const seen = latest.get(id);
      if (!seen || compareEvents(seen, r) <= 0) latest.set(id, r);
    }
    for (const r of latest.values()) {
      if (r.action !== 'mark-bad' || !r.toVersion) continue;
      let versions = this.byKey.get(r.componentKey);
      if (!versions) this.byKey.set(r.componentKey, (versions = new Map<string, BadMark>()));
      versions.set(r.toVersion, {
        componentKey: r.componentKey,
        componentId: r.componentId,
        version: r.toVersion,
        commit: r.toCommit,
        reason: r.reason,
        by: r.by ?? r.recordedBy,
        at: r.at,
        atMs: r.atMs,
        historyCommit: r.historyCommit,
        batch: r.batch,
      });
    }
  }

  /** The mark of a component's version, or null when it is not marked bad. */
  get(componentKey: string, version: string | null | undefined): BadMark | null {
    if (!version) return null;
    return this.byKey.get(componentKey)?.get(version) ?? null;
  }

  /** The bad versions of one component. */
  of(componentKey: string): BadMark[] {
    return [...(this.byKey.get(componentKey)?.values() ?? [])];
  }

  /** Every mark in force, oldest first. */
  all(): BadMark[] {
    return [...this.byKey.values()].flatMap((m) => [...m.values()]).sort((a, b) => a.atMs - b.atMs);
  }

  get size(): number {
    let n = 0;
    for (const m of this.byKey.values()) n += m.size;
    return n;
  }
}

const computed = new WeakMap<DeploymentHistory, { size: number; marks: BadMarks }>();

/** The bad marks in force in a loaded history (computed once per history and size). */
export function badMarks(history: DeploymentHistory): BadMarks {
  const known = computed.get(history);
  if (known && known.size === history.size) return known.marks;
  const marks = new BadMarks(history.events);
  computed.set(history, { size: history.size, marks });
  return marks;
}

/** `marked bad by Ana <ana@example.com> at 2026-11-24T14:47:00Z: "wrong totals"` */
export function describeMark(mark: BadMark): string {
  return `marked bad by ${mark.by} at ${mark.at.replace('.000Z', 'Z')}${mark.reason ? `: "${mark.reason}"` : ''}`;
}

/**
 * Mark records for the versions a batch leaves (a rollback with --mark-bad, or its editor
 * choice), in the batch's own history commit; versions marked already are skipped. Every move
 * must leave a version: an environment at a commit without one has nothing to mark.
 */
export function leavingMarks(
  moves: readonly EnvironmentMove[],
  marks: BadMarks,
  reason: string | null,
  hint = 'Mark a version with edgit-deploy mark-bad COMPONENT VERSION --reason TEXT.',
): EventDraft[] {
  const drafts: EventDraft[] = [];
  const seen = new Set<string>();
  for (const m of moves) {
    const version = m.from?.version;
    if (!version) {
      throw new EdgitError(
        `${m.componentId} · ${m.environment} is at ${m.from ? `commit ${m.from.commit?.slice(0, 10) ?? '(none)'}, which has no version` : 'no version'}: there is no version to mark bad.`,
        'bad-input',
        hint,
      );
    }
    const id = `${m.componentKey}@${version}`;
    if (seen.has(id) || marks.get(m.componentKey, version)) continue;
    seen.add(id);
    drafts.push(markDraft({ key: m.componentKey, id: m.componentId }, { version, commit: m.from?.commit ?? null }, 'mark-bad', reason ?? `rolled back from ${m.environment}`));
  }
  return drafts;
}

/** A mark or unmark record, ready to be written into a history commit (alone, or with a batch's events). */
export function markDraft(
  component: Pick<ComponentInfo, 'key' | 'id'>,
  version: { version: string; commit: string | null },
  action: MarkAction,
  reason: string | null,
  batch: string = newBatchId(),
): EventDraft {
  return {
    kind: 'mark',
    action,
    componentKey: component.key,
    componentId: component.id,
    environment: '',
    fromVersion: null,
    fromCommit: null,
    fromObject: null,
    toVersion: version.version,
    toCommit: version.commit,
    toObject: null,
    batch,
    reason: reason ? oneLine(reason) || null : null,
  };
}

/** `mark-bad prompts/analysis@v2.0.0`, or a count. */
export function summarizeMarks(drafts: readonly EventDraft[]): string {
  if (drafts.length === 1) return `${drafts[0].action} ${drafts[0].componentId}@${drafts[0].toVersion}`;
  return `${drafts[0]?.action ?? 'mark-bad'} ${drafts.length} versions`;
}
