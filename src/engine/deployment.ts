import { Git } from './git';
import { PreparedBatch } from './environmentMoves';
import { RefUpdate, applyRefUpdates, holdRefUpdates } from './refTransaction';
import { PushRefusedError, RemoteRefUpdate, pushAtomic, recordPushed } from './remote';
import { RemoteSyncState } from './remoteSyncState';

/** A ref written together with a batch (the deployment history): locally in the same transaction, remotely in the same atomic push. */
export interface CompanionUpdate {
  readonly local: RefUpdate;
  readonly remote: RemoteRefUpdate;
}

/** Something that travels with every batch, such as the deployment history. */
export interface BatchCompanion {
  /** Builds the companion ref update for a batch about to be applied (and pushed to `remote` when given). */
  prepare(git: Git, batch: PreparedBatch, remote: string | null): Promise<CompanionUpdate | undefined>;
  /** After a push refused only because of the companion ref (someone else appended meanwhile): rebuild it, or give up with undefined. */
  retry?(git: Git, batch: PreparedBatch, remote: string, previous: CompanionUpdate): Promise<CompanionUpdate | undefined>;
}

export interface ExecuteOptions {
  /** Push to this remote in the same command; null or absent: local only. */
  readonly remote?: string | null;
  readonly companion?: BatchCompanion;
  /** Refs pushed in the same atomic push and not changed here, such as the version tags the remote lacks. */
  readonly extra?: readonly RemoteRefUpdate[];
  readonly maxPushAttempts?: number;
}

export interface ExecutedBatch {
  readonly batch: PreparedBatch;
  readonly pushedTo: string | null;
}

/**
 * Applies a prepared batch. With a remote: the local updates are checked and locked first, then
 * one atomic push with a compare-and-swap on every ref, then the local transaction is committed
 * (accepted) or aborted (refused), so a refused push leaves local and remote exactly as they were
 * and an accepted one cannot find the local refs moved meanwhile. Without: the local transaction only.
 */
export async function executeBatch(git: Git, batch: PreparedBatch, options: ExecuteOptions = {}): Promise<ExecutedBatch> {
  const remote = options.remote ?? null;
  const reason = `edgit-deploy: ${batch.action} (batch ${batch.batchId})`;
  let companion = await options.companion?.prepare(git, batch, remote);
  const localUpdates = () => (companion ? [...batch.updates, companion.local] : [...batch.updates]);
  if (!remote) {
    await applyRefUpdates(git, localUpdates(), reason);
    return { batch, pushedTo: null };
  }
  // Local refs are checked and locked before the push and stay locked until it has answered:
  // committed when the remote accepted, aborted when it refused, so both sides end the same.
  let held = await holdRefUpdates(git, localUpdates(), reason);
  try {
    const state = await RemoteSyncState.load(git, remote);
    const tagUpdates: RemoteRefUpdate[] = [
      ...(options.extra ?? []),
      ...batch.updates.map((u) => ({
        ref: u.ref,
        expectedRemote: state.has(u.ref) ? (state.get(u.ref) ?? null) : u.oldValue,
        newValue: u.newValue,
      })),
    ];
    const attempts = options.maxPushAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        await pushAtomic(git, remote, companion ? [...tagUpdates, companion.remote] : tagUpdates);
        break;
      } catch (e) {
        const onlyCompanion =
          e instanceof PushRefusedError &&
          companion &&
          e.rejected.filter((r) => !/atomic/.test(r.reason)).every((r) => r.ref === companion?.remote.ref);
        if (!onlyCompanion || !companion || !options.companion?.retry || attempt >= attempts) throw e;
        await held.abort();
        const rebuilt = await options.companion.retry(git, batch, remote, companion);
        if (!rebuilt) throw e;
        companion = rebuilt;
        held = await holdRefUpdates(git, localUpdates(), reason);
      }
    }
    await held.commit();
    await recordPushed(git, remote, companion ? [...tagUpdates, companion.remote] : tagUpdates);
  } catch (e) {
    await held.abort();
    throw e;
  }
  return { batch, pushedTo: remote };
}

export interface PendingPush {
  /** Env tags moved here and not pushed yet. */
  readonly updates: readonly RemoteRefUpdate[];
  /** Env tags that differ from the remote in a way a push must not settle (moved there, or unknown). */
  readonly skipped: readonly { ref: string; kind: string }[];
}

/** Pushes pending local environment moves (and companion refs) in one atomic push with leases. */
export async function pushPendingMoves(
  git: Git,
  remote: string,
  drift: readonly { ref: string; local: string | null; remote: string | null; kind: string }[],
  extra: readonly RemoteRefUpdate[] = [],
): Promise<PendingPush> {
  const updates: RemoteRefUpdate[] = [];
  const skipped: { ref: string; kind: string }[] = [];
  for (const d of drift) {
    if (d.kind === 'local-ahead' || d.kind === 'local-only') {
      updates.push({ ref: d.ref, expectedRemote: d.remote, newValue: d.local });
    } else if (d.kind !== 'in-sync' && d.kind !== 'remote-deleted') {
      skipped.push({ ref: d.ref, kind: d.kind });
    }
  }
  const all = [...updates, ...extra];
  if (all.length) {
    await pushAtomic(git, remote, all);
    await recordPushed(git, remote, all);
  }
  return { updates, skipped };
}
