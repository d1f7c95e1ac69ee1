import { Git } from '../git';
import { EdgitError } from '../errors';
import { gitErrorDetail, staleLockError } from '../gitMessages';
import { PreparedBatch } from '../environmentMoves';
import { BatchCompanion, CompanionUpdate, ExecutedBatch, executeBatch } from '../deployment';
import { RefUpdate, applyRefUpdates } from '../refTransaction';
import { PushRefusedError, RemoteRefUpdate, pushAtomic } from '../remote';
import { RepositorySnapshot, loadSnapshot } from '../snapshot';
import { EventDraft, summarizeDrafts } from './historyEvents';
import { DeploymentHistory } from './deploymentHistory';
import { HISTORY_REF, isAncestor, readHistoryHead, remoteHistoryRef, historyFetchRefspec } from './historyRefs';
import { extendHistory, loadHistory } from './historyReader';
import { writeHistoryCommit, writeMergeCommit } from './historyWriter';
import { observedSummary, planObservations, readTagReflogs } from './observe';
import { summarizeMarks } from './badMarks';
import { checkEvents } from './eventChecks';

/** The recorded events of a batch: one per move, with the tag objects it writes. */
function batchDrafts(batch: PreparedBatch): EventDraft[] {
  return batch.moves.map((m, i) => ({
    kind: 'recorded',
    action: batch.action,
    componentKey: m.componentKey,
    componentId: m.componentId,
    environment: m.environment,
    fromVersion: m.from?.version ?? null,
    fromCommit: m.from?.commit ?? null,
    fromObject: m.fromObject,
    toVersion: m.to?.version ?? null,
    toCommit: m.to?.commit ?? null,
    toObject: batch.updates[i]?.newValue ?? null,
    batch: batch.batchId,
    reason: batch.reason,
  }));
}

/**
 * Fetches a remote's history into refs/edgit/remotes/<remote>/history (forced, pruned) and
 * returns its value, or null when the remote has no history.
 */
export async function fetchRemoteHistory(git: Git, remote: string): Promise<string | null> {
  const result = await git.run(
    ['fetch', '--no-tags', '--no-write-fetch-head', '--prune', '--quiet', '--end-of-options', remote, historyFetchRefspec(remote)],
    { okExitCodes: [1, 128] },
  );
  if (result.exitCode !== 0) {
    const what = `Cannot fetch the deployment history from "${remote}"`;
    throw staleLockError(result.stderr, what) ?? new EdgitError(`${what}: ${gitErrorDetail(result.stderr, `exit code ${result.exitCode}`)}`, 'remote-unreachable', 'Check the remote and try again.');
  }
  return readHistoryHead(git, remoteHistoryRef(remote));
}

/**
 * The history outside moves are observed against: the local one, joined with `theirs` (a remote's
 * just fetched) when that holds commits ours lacks. Read through the caches: the remote-tracking
 * ref's when this clone has no history, else ours extended by just the commits it lacks.
 */
async function historyToObserve(
  git: Git,
  loaded: DeploymentHistory | undefined,
  local: string | null,
  theirs: string | null,
  from: string | null,
): Promise<DeploymentHistory> {
  const ours = loaded && loaded.tips.length === (local ? 1 : 0) && (!local || loaded.head === local) ? loaded : undefined;
  if (!theirs || theirs === local || (local && (await isAncestor(git, theirs, local)))) return ours ?? (await loadHistory(git));
  if (!local && from) return loadHistory(git, { ref: remoteHistoryRef(from) });
  // Both moved: a copy of ours (never the shared one) with their commits added.
  const joined = await loadHistory(git);
  await extendHistory(git, joined, [theirs]);
  return joined;
}

/** The parents that join `base` (ours, or null) and `theirs` (a remote's, or null) without losing either. */
async function joinParents(git: Git, base: string | null, theirs: string | null): Promise<string[]> {
  if (!theirs) return base ? [base] : [];
  if (!base) return [theirs];
  if (await isAncestor(git, theirs, base)) return [base];
  if (await isAncestor(git, base, theirs)) return [theirs];
  return [base, theirs];
}

export interface HistoryCompanionOptions {
  /** The tags as the batch was planned from (loaded when absent): needed to observe outside moves. */
  readonly snapshot?: RepositorySnapshot;
  /** The local history, when already loaded (reloaded when the ref moved since). */
  readonly history?: DeploymentHistory;
  /** Record moves made by other tools before the batch (default true). */
  readonly observe?: boolean;
  /** Read tag reflogs while observing (default true). */
  readonly reflogs?: boolean;
  /** Bad marks (markDraft) written in the batch's own history commit, e.g. the version a rollback leaves. */
  readonly marks?: readonly EventDraft[];
  /**
   * For a move that is not pushed: the remote to fetch the deployment history from when this clone
   * has none (a clone made with plain git), before moves made outside are observed. A fetch that
   * fails (offline) is reported, not fatal.
   */
  readonly historyRemote?: string | null;
}

/** What the companion wrote, for front ends that want to show it. */
export interface HistoryCompanion extends BatchCompanion {
  /**
   * The history commit that the last prepare/retry built (what the ref moves to on success); how
   * many outside moves it observed; whether it joined a remote's history; and, when this clone had
   * no history, the remote it was fetched from first (or why that fetch failed).
   */
  readonly written: { commit: string | null; observed: number; merged: boolean; fetchedFirst: string | null; fetchFailed: string | null };
}

/**
 * The deployment history as a BatchCompanion of executeBatch: the batch's events are written as
 * one history commit, moved locally in the same update-ref transaction as the tags and pushed in
 * the same atomic push, so both land or neither does.
 *
 * Before the batch it records moves other tools made (observed events, compared with the local
 * history, which travels with the local tags), and with a remote it fetches the remote history
 * first and joins it (merge, never rewrite). When the push is refused only because someone
 * appended to the remote history meanwhile, retry() fetches again and adds a merge commit.
 */
export function historyCompanion(options: HistoryCompanionOptions = {}): HistoryCompanion {
  const written = { commit: null as string | null, observed: 0, merged: false, fetchedFirst: null as string | null, fetchFailed: null as string | null };
  return {
    written,
    async prepare(git: Git, batch: PreparedBatch, remote: string | null): Promise<CompanionUpdate> {
      const local = await readHistoryHead(git);
      // The remote's history first: moves it records are not "outside" moves, whoever made them.
      let theirs: string | null = null;
      const from = remote ?? (local ? null : (options.historyRemote ?? null));
      if (from) {
        try {
          theirs = await fetchRemoteHistory(git, from);
          if (!local && theirs) written.fetchedFirst = from;
        } catch (e) {
          if (remote) throw e;
          written.fetchFailed = e instanceof Error ? e.message : String(e);
        }
      }
      let parents = await joinParents(git, local, theirs);
      if (options.observe !== false) {
        const history = await historyToObserve(git, options.history, local, theirs, from);
        const snapshot = options.snapshot ?? (await loadSnapshot(git));
        const reflogs = options.reflogs === false ? undefined : await readTagReflogs(git, snapshot);
        checkEvents(history, snapshot);
        const observed = planObservations(snapshot, history, { reflogs });
        if (observed.length) {
          parents = [await writeHistoryCommit(git, parents, observedSummary(observed), null, observed)];
          written.observed = observed.length;
        }
      }
      written.merged = parents.length > 1 || (!!local && !!theirs && theirs !== local && !(await isAncestor(git, theirs, local)));
      const drafts = batchDrafts(batch);
      // Marks written with a batch (a rollback that marks what it leaves) are part of it: its batch id.
      const marks = (options.marks ?? []).map((m) => ({ ...m, batch: batch.batchId }));
      const summary = summarizeDrafts(batch.action, drafts) + (marks.length ? `; ${summarizeMarks(marks)}` : '');
      const commit = await writeHistoryCommit(git, parents, summary, batch.reason, [...drafts, ...marks]);
      written.commit = commit;
      return {
        local: { ref: HISTORY_REF, oldValue: local, newValue: commit },
        remote: { ref: HISTORY_REF, expectedRemote: theirs, newValue: commit },
      };
    },
    async retry(git: Git, _batch: PreparedBatch, remote: string, previous: CompanionUpdate): Promise<CompanionUpdate | undefined> {
      const ours = previous.local.newValue;
      if (!ours) return undefined;
      const theirs = await fetchRemoteHistory(git, remote);
      // Refused although nobody appended: not a race (a hook, a protected ref…); retrying cannot help.
      if (theirs === previous.remote.expectedRemote) return undefined;
      let commit = ours;
      if (theirs && !(await isAncestor(git, theirs, ours))) {
        commit = await writeMergeCommit(git, ours, theirs, remote);
        written.merged = true;
      }
      written.commit = commit;
      return {
        local: { ref: HISTORY_REF, oldValue: previous.local.oldValue, newValue: commit },
        remote: { ref: HISTORY_REF, expectedRemote: theirs, newValue: commit },
      };
    },
  };
}

/** executeBatch with the deployment history recorded (and pushed with the tags when `remote` is given). */
export async function executeRecordedBatch(
  git: Git,
  batch: PreparedBatch,
  options: HistoryCompanionOptions & { remote?: string | null; maxPushAttempts?: number } = {},
): Promise<ExecutedBatch & { historyCommit: string | null; observed: number }> {
  const companion = historyCompanion(options);
  const executed = await executeBatch(git, batch, { remote: options.remote ?? null, companion, maxPushAttempts: options.maxPushAttempts });
  return { ...executed, historyCommit: companion.written.commit, observed: companion.written.observed };
}

type HistorySyncStatus = 'no-history' | 'up-to-date' | 'fast-forward' | 'merged' | 'local-ahead';

export interface HistorySync {
  readonly status: HistorySyncStatus;
  readonly local: string | null;
  readonly remote: string | null;
}

/**
 * Joins a fetched remote history (refs/edgit/remotes/<remote>/history, e.g. fetched by
 * fetchEnvironmentTags with historyFetchRefspec) into the local one: fast-forward when ours is
 * behind, a merge commit when both advanced. Never rewrites either.
 */
export async function integrateRemoteHistory(git: Git, remote: string): Promise<HistorySync> {
  const theirs = await readHistoryHead(git, remoteHistoryRef(remote));
  const local = await readHistoryHead(git);
  if (!theirs) return { status: local ? 'local-ahead' : 'no-history', local, remote: null };
  if (local === theirs) return { status: 'up-to-date', local, remote: theirs };
  let status: HistorySyncStatus;
  let next: string;
  if (!local || (await isAncestor(git, local, theirs))) {
    status = 'fast-forward';
    next = theirs;
  } else if (await isAncestor(git, theirs, local)) {
    return { status: 'local-ahead', local, remote: theirs };
  } else {
    status = 'merged';
    next = await writeMergeCommit(git, local, theirs, remote);
  }
  await applyRefUpdates(git, [{ ref: HISTORY_REF, oldValue: local, newValue: next }], `edgit-deploy: history from ${remote}`);
  return { status, local: next, remote: theirs };
}

/** Fetches a remote's history and joins it into the local one. */
export async function fetchHistory(git: Git, remote: string): Promise<HistorySync> {
  await fetchRemoteHistory(git, remote);
  return integrateRemoteHistory(git, remote);
}

/**
 * Publishes the local history (e.g. observed events, or a merge) without moving any tag: fetch,
 * join, push with a lease on the remote value, again when someone appended meanwhile.
 * Status: `no-history`/`up-to-date` when there was nothing to push, `fast-forward` when the remote
 * took ours as it was, `merged` when ours was first joined with the remote's.
 */
export async function pushHistory(git: Git, remote: string, maxAttempts = 5): Promise<HistorySync> {
  for (let attempt = 1; ; attempt++) {
    const push = await prepareHistoryPush(git, remote);
    if (!push) {
      const local = await readHistoryHead(git);
      return { status: local ? 'up-to-date' : 'no-history', local, remote: await readHistoryHead(git, remoteHistoryRef(remote)) };
    }
    try {
      await pushAtomic(git, remote, [push.remote]);
    } catch (e) {
      if (!(e instanceof PushRefusedError) || attempt >= maxAttempts) throw e;
      continue;
    }
    await completeHistoryPush(git, push);
    return { status: push.local ? 'merged' : 'fast-forward', local: push.remote.newValue, remote: push.remote.newValue };
  }
}

/** The history ref update to send with a push of pending tag moves, and the local update to apply once it landed. */
export interface HistoryPush {
  readonly remote: RemoteRefUpdate;
  readonly local: RefUpdate | null;
}

/**
 * Prepares the history to travel with a push of pending tag moves (pushPendingMoves' `extra`):
 * fetches the remote history and joins ours to it (merge commit when both advanced, not applied
 * locally until the push lands). Undefined when the remote already has everything we have.
 */
export async function prepareHistoryPush(git: Git, remote: string): Promise<HistoryPush | undefined> {
  const local = await readHistoryHead(git);
  if (!local) return undefined;
  const theirs = await fetchRemoteHistory(git, remote);
  if (theirs && (await isAncestor(git, local, theirs))) return undefined;
  const next = theirs && !(await isAncestor(git, theirs, local)) ? await writeMergeCommit(git, local, theirs, remote) : local;
  return {
    remote: { ref: HISTORY_REF, expectedRemote: theirs, newValue: next },
    local: next === local ? null : { ref: HISTORY_REF, oldValue: local, newValue: next },
  };
}

/** After the push carrying a HistoryPush landed: moves the local history to what was pushed (when it was a new merge). */
export async function completeHistoryPush(git: Git, push: HistoryPush): Promise<void> {
  if (push.local) await applyRefUpdates(git, [push.local], 'edgit-deploy: history pushed');
}
