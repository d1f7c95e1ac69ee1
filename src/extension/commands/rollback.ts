import { ComponentInfo, RollbackPlan, planEnvironmentMove, planRollback } from '../../engine';
import { BACK } from '../quickpicks/asyncQuickPick';
import { pickComponent } from '../quickpicks/componentPick';
import { pickEnvironment } from '../quickpicks/environmentPick';
import { Step, runSteps } from '../quickpicks/multiStep';
import { CandidateList, pickVersion } from '../quickpicks/versionPick';
import { EdgitRepository } from '../services';
import { CommandContext } from './commandContext';
import { onlyRepository, readTarget } from './commandTarget';
import { assertWritable, findComponent } from './findComponent';
import { answersFrom } from './moveAnswers';
import { MoveOutcome, runMoveFlow } from './moveFlow';
import { openDiff } from './openDiff';
import { CANCELLED, CommandResult } from './results';

const WORDS = { title: 'Rollback', verb: 'Roll Back', past: 'Rolled back' };

interface RollbackState {
  readonly repository?: EdgitRepository;
  readonly component?: ComponentInfo;
  readonly environment?: string;
  readonly version?: string;
}

/**
 * `edgit.rollback`: component → environment → version (suggested last known good first), safety
 * checks, a modal confirmation of the exact move, an optional reason, one atomic batch.
 *
 * Arguments: a tree node, or `{ repositoryRoot, componentKey, environment?, version? }`; what is
 * missing is asked. Testing/scripting hook: when repositoryRoot, componentKey, environment,
 * version AND `confirm: true` are ALL given, no picker, modal or input box is shown; `reason`
 * (string), `push` (boolean) and `overrides` (safety check ids) answer the rest, and failed checks
 * not listed in `overrides` refuse the move. Returns a CommandResult<MoveOutcome>.
 */
export async function rollback(ctx: CommandContext, arg: unknown): Promise<CommandResult<MoveOutcome>> {
  const target = readTarget(ctx.services, arg);
  const { componentKey, environment, version } = target;
  if (target.repository && componentKey && environment && version && target.args.confirm === true) {
    const { repository } = target;
    return runMoveFlow(ctx, {
      repository,
      plan: (snapshot) => [planEnvironmentMove(snapshot, componentKey, environment, version)],
      action: 'rollback',
      words: WORDS,
      runChecks: true,
      confirm: 'always',
      answers: answersFrom(target.args),
    });
  }

  const repository = target.repository ?? onlyRepository(ctx.services);
  const initial: RollbackState = componentKey
    ? { ...(await findComponent(ctx.services, repository, componentKey)), environment, version }
    : { repository, environment, version };
  if (initial.component) assertWritable(initial.component);
  const state = await runSteps(initial, stepsFor(ctx, initial));
  if (!state?.repository || !state.component || !state.environment || !state.version) return CANCELLED;
  const chosen = { component: state.component.key, environment: state.environment, version: state.version };
  return runMoveFlow(ctx, {
    repository: state.repository,
    plan: (snapshot) => [planEnvironmentMove(snapshot, chosen.component, chosen.environment, chosen.version)],
    action: 'rollback',
    words: WORDS,
    runChecks: true,
    confirm: 'always',
  });
}

function stepsFor(ctx: CommandContext, initial: RollbackState): Step<RollbackState>[] {
  const settings = ctx.services.settings();
  const steps: Step<RollbackState>[] = [];
  if (!initial.component) {
    steps.push(async (s, pos) => {
      const picked = await pickComponent(ctx.services, {
        title: WORDS.title,
        ...pos,
        repository: s.repository,
        filter: (c) => !c.legacy && c.environments.length > 0 && c.versions.length > 1,
      });
      return picked === BACK || picked === undefined ? picked : { ...s, ...picked };
    });
  }
  if (!initial.environment) {
    steps.push(async (s, pos) => {
      const picked = await pickEnvironment(s.component!, { title: `${WORDS.title}: ${s.component!.id}`, ...pos, ...settings });
      return picked === BACK || picked === undefined ? picked : { ...s, environment: picked };
    });
  }
  if (!initial.version) {
    steps.push(async (s, pos) => {
      const repository = s.repository!;
      const component = s.component!;
      const environment = s.environment!;
      const picked = await pickVersion({
        title: `${WORDS.title}: ${component.id} · ${environment}`,
        ...pos,
        component,
        candidates: () => rollbackCandidates(ctx, repository, component, environment),
        preview: {
          against: environment,
          open: (v) => openDiff(repository, component, { kind: 'environment', ref: environment }, { kind: 'version', ref: v.version }),
        },
      });
      return picked === BACK || picked === undefined ? picked : { ...s, version: picked.version };
    });
  }
  return steps;
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
  return { candidates: plan.candidates, suggestionReason: plan.suggested ? `last known good: ${plan.suggestionReason}` : undefined };
}
