import { EdgitError, EnvironmentMove, MoveAction, badMarks, leavingMarks, compareVersions, loadHistory, loadSnapshot, parseReference, planEnvironmentMove } from '../../engine';
import { CliCommand, CliContext, flag, repository, stringOption } from '../cliContext';
import { MARK_BAD_HINT, ROLLBACK_OPTIONS, ROLLBACK_USAGE, runMoves } from '../deployFlow';

/**
 * What a batch is recorded as: a rollback when every move goes back to a lower version than the
 * environment holds, else a deployment (`set`). The history treats what a rollback moved away
 * from as bad, so a release of several components at once must not be recorded as a rollback.
 */
function batchAction(moves: readonly EnvironmentMove[]): MoveAction {
  const backwards = (m: EnvironmentMove) => !!m.from?.version && !!m.to?.version && compareVersions(m.to.version, m.from.version) < 0;
  return moves.length > 0 && moves.every(backwards) ? 'rollback' : 'set';
}

export const batchCommand: CliCommand = {
  name: 'batch',
  usage: `batch ENV COMPONENT=VERSION [COMPONENT=VERSION …] ${ROLLBACK_USAGE} [--json]`,
  summary: 'move several components of one environment, all or nothing: a release, or a partial rollback (--mark-bad marks each version left)',
  options: ROLLBACK_OPTIONS,
  async run(ctx: CliContext): Promise<number> {
    const [environment, ...pairs] = ctx.positionals;
    if (!environment || !pairs.length) {
      throw new EdgitError('batch needs ENV and at least one COMPONENT=VERSION.', 'bad-input', `Usage: edgit-deploy ${this.usage}`);
    }
    const git = await repository(ctx);
    const snapshot = await loadSnapshot(git);
    const moves = pairs.map((pair) => {
      const eq = pair.lastIndexOf('=');
      const { component, slot } = eq > 0 ? { component: pair.slice(0, eq), slot: pair.slice(eq + 1) } : parseReference(pair);
      if (!slot) {
        throw new EdgitError(`"${pair}" is not COMPONENT=VERSION.`, 'bad-input', 'For example prompts/analysis=v1.9.0.');
      }
      return planEnvironmentMove(snapshot, component, environment, slot);
    });
    const history = await loadHistory(git);
    const marks = flag(ctx, 'mark-bad') ? leavingMarks(moves, badMarks(history), stringOption(ctx, 'reason') ?? null, MARK_BAD_HINT) : [];
    const action = batchAction(moves);
    return runMoves(ctx, git, snapshot, moves, action, { history, marks, rollout: action === 'rollback' });
  },
};
