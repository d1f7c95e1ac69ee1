import { EdgitError, badMarks, leavingMarks, loadHistory, loadSnapshot } from '../../engine';
import { rollbackMove } from '../../agentTools/answers/movePlanAnswer';
import { CliCommand, CliContext, flag, repository, stringOption } from '../cliContext';
import { MARK_BAD_HINT, ROLLBACK_OPTIONS, ROLLBACK_USAGE, runMoves } from '../deployFlow';
import { markSentence } from '../recordPieces';
import { shownName, shownText } from '../untrustedOutput';

export const rollbackCommand: CliCommand = {
  name: 'rollback',
  usage: `rollback COMPONENT ENV [VERSION] ${ROLLBACK_USAGE} [--json]`,
  summary:
    'move an environment back: without VERSION to the newest version it held before that is lower and not marked bad (else the highest release below); a higher VERSION is a deploy',
  options: ROLLBACK_OPTIONS,
  async run(ctx: CliContext): Promise<number> {
    const [component, environment, version, ...rest] = ctx.positionals;
    if (!component || !environment || rest.length) {
      throw new EdgitError('rollback needs COMPONENT and ENV, and at most a VERSION.', 'bad-input', `Usage: edgit-deploy ${this.usage}`);
    }
    const git = await repository(ctx);
    const snapshot = await loadSnapshot(git);
    const history = await loadHistory(git);
    const marks = badMarks(history);
    const say = (text: string) => (flag(ctx, 'json') ? ctx.stderr : ctx.stdout).write(text + '\n');
    const { move, direction, suggested } = await rollbackMove(git, snapshot, history, marks, component, environment, version);
    const c = snapshot.find(component);
    if (suggested) say(`Last known good: ${shownName(suggested.version)} (${shownText(suggested.reason)})`);
    if (direction === 'deploy') {
      say(`${shownName(version ?? '')} is higher than ${shownName(String(move.from?.version))}: this is a deploy (roll forward), not a rollback; it is recorded as one.`);
    }
    const current = move.from?.version ? marks.get(c.key, move.from.version) : null;
    if (current && !flag(ctx, 'mark-bad')) say(`${shownName(c.id)}@${shownName(String(move.from?.version))} is ${markSentence(current)}.`);
    const drafts = flag(ctx, 'mark-bad') ? leavingMarks([move], marks, stringOption(ctx, 'reason') ?? null, MARK_BAD_HINT) : [];
    return runMoves(ctx, git, snapshot, [move], direction === 'deploy' ? 'set' : 'rollback', { history, marks: drafts, rollout: direction !== 'deploy' });
  },
};
