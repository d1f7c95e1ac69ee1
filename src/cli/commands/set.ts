import { EdgitError, loadSnapshot, planEnvironmentMove } from '../../engine';
import { CliCommand, CliContext, repository } from '../cliContext';
import { MOVE_OPTIONS, MOVE_USAGE, runMoves } from '../deployFlow';

export const setCommand: CliCommand = {
  name: 'set',
  usage: `set COMPONENT ENV VERSION ${MOVE_USAGE} [--json]`,
  summary: 'deploy: point an environment at a version (creates the environment if needed)',
  options: MOVE_OPTIONS,
  async run(ctx: CliContext): Promise<number> {
    const [component, environment, version, ...rest] = ctx.positionals;
    if (!component || !environment || !version || rest.length) {
      throw new EdgitError('set needs COMPONENT, ENV and VERSION.', 'bad-input', `Usage: edgit-deploy ${this.usage}`);
    }
    const git = await repository(ctx);
    const snapshot = await loadSnapshot(git);
    return runMoves(ctx, git, snapshot, [planEnvironmentMove(snapshot, component, environment, version)], 'set');
  },
};
