import { Git } from './git';
import { EdgitError } from './errors';
import { EnvironmentMove, PreparedBatch } from './environmentMoves';
import { BatchCompanion, executeBatch } from './deployment';
import { pushAtomic, recordPushed } from './remote';
import { PartialPushError, PushGroup, TagPushPlan, assertPushChoice, pushGroups } from './pushGroups';

export interface GroupedBatchOptions {
  readonly remote: string;
  /** Which tags go in which push (planTagPush); its environment tags are the batch's. */
  readonly plan: TagPushPlan;
  /**
   * The companion of each push that carries moves, such as the deployment history: one history
   * commit per push, holding the events of that push's moves, so the history on the remote
   * records exactly what landed. `first`: the first push that carries moves.
   */
  readonly companion?: (part: PreparedBatch, first: boolean) => BatchCompanion | undefined;
  readonly maxPushAttempts?: number;
  /** Told after each push landed (here and on the remote). */
  readonly onLanded?: (group: PushGroup, of: number) => void;
}

export interface GroupedBatch {
  readonly batch: PreparedBatch;
  readonly pushedTo: string;
  /** The pushes made, in order. */
  readonly groups: readonly PushGroup[];
}

/**
 * Applies a prepared batch and pushes it in the plan's groups: each push is executeBatch of the
 * moves whose environment tags it carries (their local refs held, one atomic push with a lease
 * on every ref, then committed here), with the version tags it carries, so each push lands here
 * and on the remote or nowhere. One group is exactly executeBatch.
 *
 * When a push after the first is refused (a teammate moved a tag meanwhile), the pushes before it
 * stay landed and the rest are not made: PartialPushError says which landed and which did not;
 * the moves that did not land are moved neither here nor there. A refused first push changes
 * nothing and throws as executeBatch does.
 */
export async function executeBatchInGroups(git: Git, batch: PreparedBatch, options: GroupedBatchOptions): Promise<GroupedBatch> {
  const { remote, plan } = options;
  assertPushChoice(plan);
  const indexOf = new Map(batch.updates.map((u, i) => [u.ref, i]));
  const planned = new Set(plan.groups.flat());
  const versions = new Map(plan.versions.map((v) => [v.ref, v]));
  for (const u of batch.updates) {
    if (!planned.has(u.ref)) throw new EdgitError(`${u.ref} is moved by the batch but in none of its pushes.`, 'bad-input');
  }
  for (const ref of planned) {
    if (!indexOf.has(ref) && !versions.has(ref)) throw new EdgitError(`${ref} is in a push but neither moved by the batch nor a version to create.`, 'bad-input');
  }
  const groups = pushGroups(plan);
  const landed: PushGroup[] = [];
  let first = true;
  for (const group of groups) {
    const moved = group.tags.filter((ref) => indexOf.has(ref)).map((ref) => indexOf.get(ref) as number);
    const extra = group.tags.filter((ref) => !indexOf.has(ref)).map((ref) => versions.get(ref)).filter((v) => v !== undefined);
    try {
      if (!moved.length) {
        await pushAtomic(git, remote, extra);
        await recordPushed(git, remote, extra);
      } else {
        const part: PreparedBatch = { ...batch, moves: moved.map((i) => batch.moves[i]), updates: moved.map((i) => batch.updates[i]) };
        await executeBatch(git, part, { remote, companion: options.companion?.(part, first), extra, maxPushAttempts: options.maxPushAttempts });
        first = false;
      }
    } catch (e) {
      if (!landed.length) throw e;
      throw new PartialPushError(remote, landed, groups.slice(group.index - 1), e);
    }
    landed.push(group);
    options.onLanded?.(group, groups.length);
  }
  return { batch, pushedTo: remote, groups };
}

/**
 * The bad marks a batch records that go with one push of it: the marks of the components whose
 * moves that push carries, and, with the first push, the marks of components the batch moves
 * none of (so every mark travels exactly once).
 */
export function marksForPush<K extends { readonly componentKey: string }>(marks: readonly K[], moves: readonly EnvironmentMove[], part: PreparedBatch, first: boolean): K[] {
  return marks.filter((k) => part.moves.some((m) => m.componentKey === k.componentKey) || (first && !moves.some((m) => m.componentKey === k.componentKey)));
}
