import { EdgitError, badMarks, leavingMarks, loadHistory, loadSnapshot, parseReference, planEnvironmentMove } from '../../engine';
import { batchAction } from '../../agentTools/answers/movePlanAnswer';
import { CliCommand, CliContext, flag, repository, stringOption } from '../cliContext';
import { MARK_BAD_HINT, ROLLBACK_OPTIONS, ROLLBACK_USAGE, runMoves } from '../deployFlow';

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
