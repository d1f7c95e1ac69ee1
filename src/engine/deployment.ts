import { Git } from './git';
import { EdgitError } from './errors';
import { PreparedBatch } from './environmentMoves';
import { RefUpdate, applyRefUpdates } from './refTransaction';
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
  readonly maxPushAttempts?: number;
}

export interface ExecutedBatch {
  readonly batch: PreparedBatch;
  readonly pushedTo: string | null;
}

/**
 * Applies a prepared batch. With a remote: first one atomic push with a compare-and-swap on every
 * ref, and only when the remote accepted it, the same updates to local refs in one transaction —
 * so a refused push leaves local and remote exactly as they were. Without: the local transaction only.
 */
export async function executeBatch(git: Git, batch: PreparedBatch, options: ExecuteOptions = {}): Promise<ExecutedBatch> {
  const remote = options.remote ?? null;
  let companion = await options.companion?.prepare(git, batch, remote);
  if (remote) {
    const state = await RemoteSyncState.load(git, remote);
    const tagUpdates: RemoteRefUpdate[] = batch.updates.map((u) => ({
      ref: u.ref,
      expectedRemote: state.has(u.ref) ? (state.get(u.ref) ?? null) : u.oldValue,
      newValue: u.newValue,
    }));
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
        const rebuilt = await options.companion.retry(git, batch, remote, companion);
        if (!rebuilt) throw e;
        companion = rebuilt;
      }
    }
    await recordPushed(git, remote, companion ? [...tagUpdates, companion.remote] : tagUpdates);
  }
  const local = companion ? [...batch.updates, companion.local] : [...batch.updates];
  try {
    await applyRefUpdates(git, local, `edgit-deploy: ${batch.action} (batch ${batch.batchId})`);
  } catch (e) {
    if (remote && e instanceof EdgitError) {
      throw new EdgitError(
        `The remote "${remote}" accepted the move, but the local tags changed meanwhile and were left as they are: ${e.message}`,
        'conflict',
        'Run `edgit-deploy fetch` to bring the local tags up to date.',
      );
    }
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
