import { Git } from './git';
import { EdgitError } from './errors';
import { applyRefUpdates } from './refTransaction';
import { PushRefusedError, RemoteRefUpdate, pushAtomic, recordPushed } from './remote';
import { PartialPushError, PushGroup, TagPushPlan, assertPushChoice, pushGroups } from './pushGroups';
import { fetchHistory, fetchRemoteHistory } from './history/historyCompanion';
import { HISTORY_REF, isAncestor, readHistoryHead, remoteHistoryRef } from './history/historyRefs';
import { UnpushedHistory, readUnpushedHistory, writeHistoryPart } from './history/historySplit';
import { writeMergeCommit } from './history/historyWriter';

export interface PendingPushInGroups {
  readonly pushedTo: string;
  /** The pushes made, in order. */
  readonly groups: readonly PushGroup[];
  /** The history commit the remote holds after the last push (null: no history was pushed). */
  readonly history: string | null;
}

/**
 * Pushes environment moves made here (and the version tags the remote lacks) in the plan's
 * groups, each one atomic push with a lease on every ref, with the deployment history.
 *
 * The history is first joined with the remote's (merged, never rewritten). What the remote lacks
 * of it travels split by push: each push carries a history commit holding exactly the events of
 * the moves that landed so far (the events of the tags in that push are copied, with their own
 * author and date, onto what the remote has; bad marks and events of tags pushed in none of the
 * pushes go with the first push). So `verify --remote`, and a deploy workflow started by one of
 * the pushes, find every tag on the remote where its newest recorded move put it.
 *
 * When a push after the first is refused, the pushes before it stay landed and PartialPushError
 * says which landed and which did not; the moves that did not land stay here, not pushed, with
 * their events (`edgit-deploy push` pushes them later). Afterwards the local history is what
 * the remote holds plus the events not pushed yet (copies of the commits it had, which had never
 * been shared with this remote), so a later push fast-forwards.
 */
export async function pushPendingInGroups(
  git: Git,
  remote: string,
  plan: TagPushPlan,
  environments: readonly RemoteRefUpdate[],
  options: {
    /**
     * Environment tags this push does not carry because here and on the remote they differ in a
     * way a push must not settle (moved on both sides): the events of their local moves stay here.
     */
    holdBack?: readonly string[];
    maxPushAttempts?: number;
    onLanded?: (group: PushGroup, of: number) => void;
  } = {},
): Promise<PendingPushInGroups> {
  assertPushChoice(plan);
  const updates = new Map<string, RemoteRefUpdate>([...plan.versions, ...environments].map((u) => [u.ref, u]));
  for (const ref of plan.groups.flat()) {
    if (!updates.has(ref)) throw new EdgitError(`${ref} is in a push but is neither a pending move nor a version to create.`, 'bad-input');
  }
  const groups = pushGroups(plan);
  const groupOf = new Map(groups.flatMap((g) => g.tags.map((ref) => [ref, g.index] as const)));

  // The remote's history first: joined into ours, so ours descends from what the remote has.
  await fetchHistory(git, remote);
  const local = await readHistoryHead(git);
  let onRemote = await readHistoryHead(git, remoteHistoryRef(remote));
  const unpushed: UnpushedHistory | null = local && local !== onRemote ? await readUnpushedHistory(git, local, onRemote) : null;
  // An event goes with the push of the tag it moved; marks and events of other tags go with the
  // first, except the local moves of tags held back, which did not land anywhere (push 0: none).
  const held = new Set(options.holdBack ?? []);
  const pushOf = (tag: string | null) => (tag === null ? 1 : (groupOf.get(tag) ?? (held.has(tag) ? 0 : 1)));

  const landed: PushGroup[] = [];
  const attempts = options.maxPushAttempts ?? 5;
  try {
    for (const group of groups) {
      let history = unpushed ? await writeHistoryPart(git, unpushed, onRemote, (tag) => pushOf(tag) === group.index) : onRemote;
      const tags = group.tags.map((ref) => updates.get(ref) as RemoteRefUpdate);
      for (let attempt = 1; ; attempt++) {
        const refs = history !== onRemote ? [...tags, { ref: HISTORY_REF, expectedRemote: onRemote, newValue: history }] : tags;
        try {
          await pushAtomic(git, remote, refs);
          await recordPushed(git, remote, refs);
          break;
        } catch (e) {
          const onlyHistory = e instanceof PushRefusedError && e.rejected.filter((r) => !/atomic/.test(r.reason)).every((r) => r.ref === HISTORY_REF);
          if (!onlyHistory || attempt >= attempts || !history) throw e;
          // Someone appended to the remote history meanwhile: join theirs (a merge commit) and push again.
          const theirs = await fetchRemoteHistory(git, remote);
          if (theirs === onRemote) throw e;
          if (theirs && !(await isAncestor(git, theirs, history))) history = await writeMergeCommit(git, history, theirs, remote);
          onRemote = theirs;
        }
      }
      onRemote = history;
      landed.push(group);
      options.onLanded?.(group, groups.length);
    }
  } catch (e) {
    if (!landed.length) throw e;
    await keepNotPushed(git, unpushed, local, onRemote, (tag) => !landed.some((g) => g.index === pushOf(tag)));
    throw new PartialPushError(remote, landed, groups.slice(landed.length), e);
  }
  await keepNotPushed(git, unpushed, local, onRemote, (tag) => pushOf(tag) === 0);
  return { pushedTo: remote, groups, history: onRemote };
}

/**
 * After pushes in groups: the local history becomes what the remote holds (`onRemote`) plus the
 * events of the moves not pushed (copied on top), in place of the local commits that were split.
 * Nothing to do when the history was pushed as it was.
 */
async function keepNotPushed(git: Git, unpushed: UnpushedHistory | null, local: string | null, onRemote: string | null, notPushed: (tag: string | null) => boolean): Promise<void> {
  if (!unpushed) return;
  const next = await writeHistoryPart(git, unpushed, onRemote, notPushed);
  if (next === local) return;
  await applyRefUpdates(git, [{ ref: HISTORY_REF, oldValue: local, newValue: next }], 'edgit-deploy: history pushed in groups');
}
