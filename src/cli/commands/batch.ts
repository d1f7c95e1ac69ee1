import { EdgitError, badMarks, loadHistory, loadSnapshot, parseReference, planEnvironmentMove } from '../../engine';
import { CliCommand, CliContext, flag, repository, stringOption } from '../cliContext';
import { ROLLBACK_OPTIONS, ROLLBACK_USAGE, leavingMarks, runMoves } from '../deployFlow';

export const batchCommand: CliCommand = {
  name: 'batch',
  usage: `batch ENV COMPONENT=VERSION [COMPONENT=VERSION …] ${ROLLBACK_USAGE} [--json]`,
  summary: 'partial rollback: move several components of one environment, all or nothing (--mark-bad marks each version left)',
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
    const marks = flag(ctx, 'mark-bad') ? leavingMarks(moves, badMarks(history), stringOption(ctx, 'reason') ?? null) : [];
    return runMoves(ctx, git, snapshot, moves, 'rollback', { history, marks, rollout: true });
  },
};
