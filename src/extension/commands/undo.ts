import { EdgitError, EnvironmentMove, RepositorySnapshot, inverseMoves } from '../../engine';
import { BACK } from '../quickpicks/asyncQuickPick';
import { shortDate } from '../quickpicks/format';
import { pickRepository } from '../quickpicks/repositoryPick';
import { EdgitRepository } from '../services';
import { CommandContext } from './commandContext';
import { readTarget } from './commandTarget';
import { UndoableBatch } from './historyBridge';
import { answersFrom } from './moveAnswers';
import { MoveOutcome, runMoveFlow } from './moveFlow';
import { CANCELLED, CommandResult } from './results';

const WORDS = { title: 'Undo Deployment Change', verb: 'Restore', past: 'Restored' };

/**
 * `edgit.undo`: puts every pointer of the last batch back where it was (an environment the batch
 * created is deleted), as one atomic batch. The last batch comes from the deployment history when
 * there is one, else from this workspace's memory. Refused when any of those environments moved
 * since (the undo would overwrite someone's change).
 *
 * Arguments: `{ repositoryRoot?, batchId? }` (batchId: undo only if that batch is still the last
 * one; the notification's Undo button passes it). Testing/scripting hook: with repositoryRoot AND
 * `confirm: true`, nothing is asked; `reason` and `push` answer the rest (push defaults to whether
 * the batch had been pushed). Returns a CommandResult<MoveOutcome>.
 */
export async function undo(ctx: CommandContext, arg: unknown): Promise<CommandResult<MoveOutcome>> {
  const target = readTarget(ctx.services, arg);
  const repository = target.repository ?? (await pickRepository(ctx.services, 'Undo Last Deployment Change'));
  if (!repository || repository === BACK) return CANCELLED;
  const last = await lastBatch(ctx, repository);
  if (!last) {
    throw new EdgitError(
      `There is no deployment change to undo in ${repository.name}.`,
      'bad-input',
      'Undo reverts the last rollback, deploy or partial rollback made from this window (or recorded in the deployment history).',
    );
  }
  const batchId = typeof target.args.batchId === 'string' ? target.args.batchId : undefined;
  if (batchId && batchId !== last.batchId) {
    throw new EdgitError(
      'A newer deployment change was made since that one, so it is no longer the last.',
      'conflict',
      'Run "Edgit: Undo Last Deployment Change" to undo the newest change first.',
    );
  }
  const auto = target.args.confirm === true && !!target.repository;
  const when = [last.by, shortDate(last.at)].filter(Boolean).join(', ');
  return runMoveFlow(ctx, {
    repository,
    plan: (snapshot) => stillUndoable(snapshot, last.inverse),
    action: 'undo',
    words: WORDS,
    runChecks: false,
    // Every move is confirmed in a modal naming it, protected environment or not.
    confirm: 'always',
    pushDefault: last.pushed,
    answers: auto ? answersFrom(target.args) : undefined,
    preface: `Reverts batch ${last.batchId}${when ? ` (${when})` : ''}.`,
  });
}

/** The last batch: the deployment history's, else the one this workspace remembers. */
async function lastBatch(ctx: CommandContext, repository: EdgitRepository): Promise<UndoableBatch | undefined> {
  const snapshot = await repository.snapshot();
  const recorded = await ctx.history.lastBatch(repository, snapshot).catch((e) => {
    ctx.services.log.warn(`Undo: could not read the deployment history: ${String(e)}`);
    return undefined;
  });
  if (recorded) return recorded;
  const stored = ctx.lastBatches.get(repository.root);
  if (!stored) return undefined;
  return {
    batchId: stored.batch.batchId,
    // A batch that stayed local: each environment back to the very tag object it had (the tag is
    // then the same as the remote's again). A pushed one: new tag objects that record the undo.
    inverse: stored.pushedTo ? inverseMoves(stored.batch) : inverseMoves(stored.batch).map((m, i) => ({ ...m, restoreObject: stored.batch.updates[i]?.oldValue ?? null })),
    pushed: !!stored.pushedTo,
    by: null,
    at: new Date(stored.at).toISOString(),
  };
}

/** The inverse moves, when every environment is still where the batch left it. */
function stillUndoable(snapshot: RepositorySnapshot, inverse: readonly EnvironmentMove[]): EnvironmentMove[] {
  const moved = inverse.filter((m) => {
    const env = snapshot.get(m.componentKey)?.environments.find((e) => e.name === m.environment);
    return (env?.objectName ?? null) !== m.fromObject;
  });
  if (moved.length) {
    throw new EdgitError(
      `${moved.map((m) => `${m.componentId} · ${m.environment}`).join(', ')} moved since that change, so undoing it would overwrite a newer move. Nothing was changed.`,
      'conflict',
      'Use Rollback or Deploy Version to choose where it should be.',
    );
  }
  return [...inverse];
}

