import { EdgitError, loadSnapshot, planEnvironmentMove, planRollback } from '../../engine';
import { CliCommand, CliContext, flag, repository } from '../cliContext';
import { MOVE_OPTIONS, MOVE_USAGE, previousVersionLookup, runMoves } from '../deployFlow';

export const rollbackCommand: CliCommand = {
  name: 'rollback',
  usage: `rollback COMPONENT ENV [VERSION] ${MOVE_USAGE} [--json]`,
  summary: 'move an environment back (to the last known good version unless VERSION is given)',
  options: MOVE_OPTIONS,
  async run(ctx: CliContext): Promise<number> {
    const [component, environment, version, ...rest] = ctx.positionals;
    if (!component || !environment || rest.length) {
      throw new EdgitError('rollback needs COMPONENT and ENV, and at most a VERSION.', 'bad-input', `Usage: edgit-deploy ${this.usage}`);
    }
    const git = await repository(ctx);
    const snapshot = await loadSnapshot(git);
    let target = version;
    if (!target) {
      const c = snapshot.find(component);
      const env = c.environments.find((e) => e.name === environment);
      const previous = env ? await previousVersionLookup(git, snapshot, c.key, environment) : undefined;
      const plan = planRollback(snapshot, component, environment, { previousVersion: previous });
      if (!plan.current) {
        throw new EdgitError(`${c.id} has no environment "${environment}" to roll back.`, 'unknown-environment', `Environments: ${c.environments.map((e) => e.name).join(', ') || 'none'}.`);
      }
      if (!plan.suggested) {
        throw new EdgitError(`No version of ${c.id} to roll ${environment} back to.`, 'unknown-version', 'Name one explicitly: edgit-deploy rollback COMPONENT ENV VERSION.');
      }
      target = plan.suggested;
      (flag(ctx, 'json') ? ctx.stderr : ctx.stdout).write(`Last known good: ${target} (${plan.suggestionReason})\n`);
    }
    const move = planEnvironmentMove(snapshot, component, environment, target);
    return runMoves(ctx, git, snapshot, [move], 'rollback');
  },
};
