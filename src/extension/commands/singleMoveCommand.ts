import { ComponentInfo, MoveAction, planEnvironmentMove } from '../../engine';
import { BACK } from '../quickpicks/asyncQuickPick';
import { pickComponent } from '../quickpicks/componentPick';
import { pickEnvironment } from '../quickpicks/environmentPick';
import { Step, runSteps } from '../quickpicks/multiStep';
import { CandidateList, pickVersionOrMark } from '../quickpicks/versionPick';
import { EdgitRepository } from '../services';
import { CommandContext } from './commandContext';
import { onlyRepository, readTarget } from './commandTarget';
import { assertWritable, findComponent } from './findComponent';
import { answersFrom } from './moveAnswers';
import { toggleBadMark } from './markBad';
import { MoveOutcome, runMoveFlow } from './moveFlow';
import { openDiff } from './openDiff';
import { CANCELLED, CommandResult } from './results';

/** What differs between the commands that move one environment of one component (rollback, deploy). */
export interface SingleMoveSpec {
  readonly action: MoveAction;
  readonly words: { readonly title: string; readonly verb: string; readonly past: string };
  /** When the modal confirmation is shown for choices made in pickers. */
  readonly confirm: 'always' | 'protected';
  /** Which components the component picker offers. */
  readonly componentFilter: (c: ComponentInfo) => boolean;
  /** Whether the environment picker offers to type a new environment. */
  readonly allowNewEnvironment: boolean;
  /** The versions to offer, possibly in several rounds as data arrives. */
  readonly candidates: (ctx: CommandContext, repository: EdgitRepository, component: ComponentInfo, environment: string) => AsyncIterable<CandidateList>;
}

interface MoveState {
  readonly repository?: EdgitRepository;
  readonly component?: ComponentInfo;
  readonly environment?: string;
  readonly version?: string;
}

/**
 * Runs a one-move command: component → environment → version in quick picks (each skipped when
 * the argument gives it), then the shared move flow (safety checks, confirmation, one batch).
 *
 * Arguments: a tree node, or `{ repositoryRoot, componentKey, environment?, version? }`; what is
 * missing is asked. Testing/scripting hook: when repositoryRoot, componentKey, environment,
 * version AND `confirm: true` are ALL given, no picker, modal or input box is shown; `reason`
 * (string), `push` (boolean) and `overrides` (safety check ids) answer the rest, and failed checks
 * not listed in `overrides` refuse the move.
 */
export async function runSingleMoveCommand(ctx: CommandContext, arg: unknown, spec: SingleMoveSpec): Promise<CommandResult<MoveOutcome>> {
  const target = readTarget(ctx.services, arg);
  const { componentKey, environment, version } = target;
  if (target.repository && componentKey && environment && version && target.args.confirm === true) {
    return runMoveFlow(ctx, {
      action: spec.action,
      words: spec.words,
      runChecks: true,
      repository: target.repository,
      plan: (snapshot) => [planEnvironmentMove(snapshot, componentKey, environment, version)],
      confirm: 'always',
      answers: answersFrom(target.args),
    });
  }

  const repository = target.repository ?? onlyRepository(ctx.services);
  const initial: MoveState = componentKey
    ? { ...(await findComponent(ctx.services, repository, componentKey)), environment, version }
    : { repository, environment, version };
  if (initial.component) assertWritable(initial.component);
  const state = await runSteps(initial, stepsFor(ctx, initial, spec));
  if (!state?.repository || !state.component || !state.environment || !state.version) return CANCELLED;
  const chosen = { component: state.component.key, environment: state.environment, version: state.version };
  return runMoveFlow(ctx, {
    action: spec.action,
    words: spec.words,
    runChecks: true,
    repository: state.repository,
    plan: (snapshot) => [planEnvironmentMove(snapshot, chosen.component, chosen.environment, chosen.version)],
    confirm: spec.confirm,
  });
}

function stepsFor(ctx: CommandContext, initial: MoveState, spec: SingleMoveSpec): Step<MoveState>[] {
  const settings = ctx.services.settings();
  const title = spec.words.title;
  const steps: Step<MoveState>[] = [];
  if (!initial.component) {
    steps.push(async (s, pos) => {
      const picked = await pickComponent(ctx.services, { title, ...pos, repository: s.repository, filter: spec.componentFilter });
      return picked === BACK || picked === undefined ? picked : { ...s, ...picked };
    });
  }
  if (!initial.environment) {
    steps.push(async (s, pos) => {
      const picked = await pickEnvironment(s.component!, {
        title: `${title}: ${s.component!.id}`,
        ...pos,
        ...settings,
        ...(spec.allowNewEnvironment ? { allowNew: true } : {}),
      });
      return picked === BACK || picked === undefined ? picked : { ...s, environment: picked };
    });
  }
  if (!initial.version) {
    steps.push(async (s, pos) => {
      const repository = s.repository!;
      const component = s.component!;
      const environment = s.environment!;
      const exists = component.environments.some((e) => e.name === environment);
      for (;;) {
        const picked = await pickVersionOrMark({
          title: `${title}: ${component.id} · ${environment}`,
          ...pos,
          component,
          candidates: () => spec.candidates(ctx, repository, component, environment),
          preview: exists
            ? {
                against: environment,
                open: (v) => openDiff(repository, component, { kind: 'environment', ref: environment }, { kind: 'version', ref: v.version }),
              }
            : undefined,
          markButtons: true,
        });
        if (picked === BACK || picked === undefined) return picked;
        if (!('toggleMark' in picked)) return { ...s, version: picked.version };
        // Mark (or clear) in its own flow, then back to this pick with the marks as they are now.
        await toggleBadMark(repository, component, picked.toggleMark, picked.marked);
      }
    });
  }
  return steps;
}
