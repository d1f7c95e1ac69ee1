import { ComponentInfo, RollbackPlan, planRollback } from '../../engine';
import { CandidateList } from '../quickpicks/versionPick';
import { EdgitRepository } from '../services';
import { CommandContext } from './commandContext';
import { MoveOutcome } from './moveFlow';
import { CommandResult } from './results';
import { runSingleMoveCommand } from './singleMoveCommand';

/**
 * `edgit.rollback`: component → environment → version (suggested last known good first), safety
 * checks, a modal confirmation of the exact move, an optional reason, one atomic batch.
 * Arguments and the no-UI hook: see runSingleMoveCommand.
 */
export function rollback(ctx: CommandContext, arg: unknown): Promise<CommandResult<MoveOutcome>> {
  return runSingleMoveCommand(ctx, arg, {
    action: 'rollback',
    words: { title: 'Rollback', verb: 'Roll Back', past: 'Rolled back' },
    confirm: 'always',
    componentFilter: (c) => !c.legacy && c.environments.length > 0 && c.versions.length > 1,
    allowNewEnvironment: false,
    candidates: rollbackCandidates,
  });
}

/** Candidates from the tags at once, then again with the deployment history's last known good. */
async function* rollbackCandidates(
  ctx: CommandContext,
  repository: EdgitRepository,
  component: ComponentInfo,
  environment: string,
): AsyncIterable<CandidateList> {
  const snapshot = await repository.snapshot();
  const first = planRollback(snapshot, component.key, environment);
  yield withReason(first);
  const previousVersion = await ctx.history.previousVersionOf(repository, component.key, environment).catch(() => null);
  if (previousVersion && previousVersion !== first.suggested) yield withReason(planRollback(snapshot, component.key, environment, { previousVersion }));
}

function withReason(plan: RollbackPlan): CandidateList {
  return { candidates: plan.candidates, suggestionReason: plan.suggested ? `last known good: ${plan.suggestionReason}` : undefined, markForward: true };
}
