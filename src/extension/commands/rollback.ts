import { ComponentInfo, RollbackPlan, checkEvents, planRollback } from '../../engine';
import { CandidateList } from '../quickpicks/versionPick';
import { RolledBackFrom, rolledBackFrom } from '../tree/moveStory';
import { EdgitRepository } from '../services';
import { CommandContext } from './commandContext';
import { MoveOutcome } from './moveFlow';
import { CommandResult } from './results';
import { runSingleMoveCommand } from './singleMoveCommand';

/** How a rollback speaks of its move (confirmation, progress, notification). */
export const ROLLBACK_WORDS = { title: 'Rollback', verb: 'Roll Back', past: 'Rolled back' };

/**
 * `edgit.rollback`: component → environment → version (suggested last known good first), safety
 * checks, a modal confirmation of the exact move, an optional reason, one atomic batch.
 * Arguments and the no-UI hook: see runSingleMoveCommand.
 */
export function rollback(ctx: CommandContext, arg: unknown): Promise<CommandResult<MoveOutcome>> {
  return runSingleMoveCommand(ctx, arg, {
    action: 'rollback',
    words: ROLLBACK_WORDS,
    confirm: 'always',
    componentFilter: (c) => !c.legacy && c.environments.length > 0 && c.versions.length > 1,
    allowNewEnvironment: false,
    candidates: rollbackCandidates,
  });
}

/** Candidates from the tags at once, then again with the deployment history's last known good. */
export async function* rollbackCandidates(
  ctx: CommandContext,
  repository: EdgitRepository,
  component: ComponentInfo,
  environment: string,
): AsyncIterable<CandidateList> {
  const snapshot = await repository.snapshot();
  yield withReason(planRollback(snapshot, component.key, environment));
  // Then with the history: what the environment held before, the bad marks, and the versions it was rolled back from.
  const [plan, rolledBack] = await Promise.all([
    ctx.history.rollbackPlan(repository, component.key, environment).catch((e: unknown) => {
      ctx.services.log.warn(`Rollback: the deployment history could not be read (${String(e)}); suggesting from the tags only.`);
      return undefined;
    }),
    rolledBackVersions(repository, component.key, environment),
  ]);
  if (plan) yield withReason(plan, rolledBack);
}

/** The versions an environment was rolled back from, from the repository's deployment history (none without one). */
export async function rolledBackVersions(repository: EdgitRepository, componentKey: string, environment: string): Promise<ReadonlyMap<string, RolledBackFrom>> {
  const [history, snapshot] = await Promise.all([repository.history().catch(() => undefined), repository.snapshot()]);
  if (!history) return new Map();
  checkEvents(history, snapshot); // events that contradict git are left out
  return rolledBackFrom(history, componentKey, environment);
}

function withReason(plan: RollbackPlan, rolledBack?: ReadonlyMap<string, RolledBackFrom>): CandidateList {
  return { candidates: plan.candidates, suggestionReason: plan.suggested ? `last known good: ${plan.suggestionReason}` : undefined, markForward: true, rolledBackFrom: rolledBack };
}
