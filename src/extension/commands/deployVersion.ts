import { ComponentInfo, RepositorySnapshot, planEnvironmentMove } from '../../engine';
import { BACK } from '../quickpicks/asyncQuickPick';
import { pickComponent } from '../quickpicks/componentPick';
import { pickEnvironment } from '../quickpicks/environmentPick';
import { Step, runSteps } from '../quickpicks/multiStep';
import { CandidateList, pickVersion } from '../quickpicks/versionPick';
import { EdgitRepository } from '../services';
import { CommandContext } from './commandContext';
import { onlyRepository, readTarget } from './commandTarget';
import { assertWritable, findComponent } from './findComponent';
import { MoveOutcome, runMoveFlow } from './moveFlow';
import { openDiff } from './openDiff';
import { CANCELLED, CommandResult } from './results';
import { answersFrom } from './moveAnswers';

const WORDS = { title: 'Deploy Version', verb: 'Deploy', past: 'Deployed' };

interface DeployState {
  readonly repository?: EdgitRepository;
  readonly component?: ComponentInfo;
  readonly environment?: string;
  readonly version?: string;
}

/**
 * `edgit.deployVersion`: set an environment (existing, or a new one: its name is validated like
 * the CLI's slots) to any version of a component.
 *
 * Arguments as edgit.rollback: a tree node or `{ repositoryRoot, componentKey, environment?,
 * version? }`, missing parts asked. With all four AND `confirm: true`, nothing is asked; `reason`,
 * `push`, `overrides` answer the rest. Returns a CommandResult<MoveOutcome>.
 */
export async function deployVersion(ctx: CommandContext, arg: unknown): Promise<CommandResult<MoveOutcome>> {
  const target = readTarget(ctx.services, arg);
  const { componentKey, environment, version } = target;
  if (target.repository && componentKey && environment && version && target.args.confirm === true) {
    return runMoveFlow(ctx, {
      repository: target.repository,
      plan: (snapshot) => [planEnvironmentMove(snapshot, componentKey, environment, version)],
      action: 'set',
      words: WORDS,
      runChecks: true,
      confirm: 'always',
      answers: answersFrom(target.args),
    });
  }

  const repository = target.repository ?? onlyRepository(ctx.services);
  const initial: DeployState = componentKey
    ? { ...(await findComponent(ctx.services, repository, componentKey)), environment, version }
    : { repository, environment, version };
  if (initial.component) assertWritable(initial.component);
  const state = await runSteps(initial, stepsFor(ctx, initial));
  if (!state?.repository || !state.component || !state.environment || !state.version) return CANCELLED;
  const chosen = { component: state.component.key, environment: state.environment, version: state.version };
  return runMoveFlow(ctx, {
    repository: state.repository,
    plan: (snapshot: RepositorySnapshot) => [planEnvironmentMove(snapshot, chosen.component, chosen.environment, chosen.version)],
    action: 'set',
    words: WORDS,
    runChecks: true,
    confirm: 'protected',
  });
}

function stepsFor(ctx: CommandContext, initial: DeployState): Step<DeployState>[] {
  const settings = ctx.services.settings();
  const steps: Step<DeployState>[] = [];
  if (!initial.component) {
    steps.push(async (s, pos) => {
      const picked = await pickComponent(ctx.services, { title: WORDS.title, ...pos, repository: s.repository, filter: (c) => !c.legacy && c.versions.length > 0 });
      return picked === BACK || picked === undefined ? picked : { ...s, ...picked };
    });
  }
  if (!initial.environment) {
    steps.push(async (s, pos) => {
      const picked = await pickEnvironment(s.component!, { title: `${WORDS.title}: ${s.component!.id}`, ...pos, ...settings, allowNew: true });
      return picked === BACK || picked === undefined ? picked : { ...s, environment: picked };
    });
  }
  if (!initial.version) {
    steps.push(async (s, pos) => {
      const repository = s.repository!;
      const component = s.component!;
      const environment = s.environment!;
      const exists = component.environments.some((e) => e.name === environment);
      const picked = await pickVersion({
        title: `${WORDS.title}: ${component.id} · ${environment}`,
        ...pos,
        component,
        candidates: () => deployCandidates(repository, component.key, environment),
        preview: exists
          ? { against: environment, open: (v) => openDiff(repository, component, { kind: 'environment', ref: environment }, { kind: 'version', ref: v.version }) }
          : undefined,
      });
      return picked === BACK || picked === undefined ? picked : { ...s, version: picked.version };
    });
  }
  return steps;
}

/** Every version, highest first, the environment's current one marked. */
async function* deployCandidates(repository: EdgitRepository, componentKey: string, environment: string): AsyncIterable<CandidateList> {
  const component = (await repository.snapshot()).find(componentKey);
  const current = component.environments.find((e) => e.name === environment);
  yield {
    candidates: component.versions.map((v) => ({
      version: v,
      isCurrent: !!current && current.commit === v.commit,
      isSuggested: false,
      environments: component.environments.filter((e) => e.commit === v.commit).map((e) => e.name),
    })),
  };
}
