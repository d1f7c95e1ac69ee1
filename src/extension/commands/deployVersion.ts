import { BadMarks, ComponentInfo } from '../../engine';
import { CandidateList } from '../quickpicks/versionPick';
import { EdgitRepository } from '../services';
import { CommandContext } from './commandContext';
import { MoveOutcome } from './moveFlow';
import { CommandResult } from './results';
import { runSingleMoveCommand } from './singleMoveCommand';

/**
 * `edgit.deployVersion`: set an environment (existing, or a new one: its name is validated like
 * the CLI's slots) to any version of a component. Arguments and the no-UI hook: see runSingleMoveCommand.
 */
export function deployVersion(ctx: CommandContext, arg: unknown): Promise<CommandResult<MoveOutcome>> {
  return runSingleMoveCommand(ctx, arg, {
    action: 'set',
    words: { title: 'Deploy Version', verb: 'Deploy', past: 'Deployed' },
    // Every move is confirmed in a modal naming it, protected environment or not.
    confirm: 'always',
    componentFilter: (c) => !c.legacy && c.versions.length > 0,
    allowNewEnvironment: true,
    candidates: deployCandidates,
  });
}

/** Every version, highest first, the environment's current one marked. */
async function* deployCandidates(ctx: CommandContext, repository: EdgitRepository, component: ComponentInfo, environment: string): AsyncIterable<CandidateList> {
  const fresh = (await repository.snapshot()).find(component.key);
  const current = fresh.environments.find((e) => e.name === environment);
  const list = (marks?: BadMarks): CandidateList => ({
    candidates: fresh.versions.map((v) => ({
      version: v,
      isCurrent: !!current && current.commit === v.commit,
      isSuggested: false,
      environments: fresh.environments.filter((e) => e.commit === v.commit).map((e) => e.name),
      bad: marks?.get(fresh.key, v.version) ?? null,
    })),
  });
  yield list();
  const marks = await ctx.history.marks(repository).catch(() => undefined);
  if (marks?.size) yield list(marks);
}
