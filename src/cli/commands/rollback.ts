import { EdgitError, badMarks, leavingMarks, loadHistory, loadSnapshot, moveDirection, planEnvironmentMove, planRollback, readHeldPositions } from '../../engine';
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
    const c = snapshot.find(component);
    const env = c.environments.find((e) => e.name === environment);
    const say = (text: string) => (flag(ctx, 'json') ? ctx.stderr : ctx.stdout).write(text + '\n');
    let target = version;
    if (!target) {
      // Recorded and observed positions (reflogs, the tag itself) computed in memory: nothing is written to read them.
      const held = env ? await readHeldPositions(git, snapshot, history, c.key, environment) : [];
      const plan = planRollback(snapshot, component, environment, { held, marks });
      if (!plan.current) {
        throw new EdgitError(`${c.id} has no environment "${environment}" to roll back.`, 'unknown-environment', `Environments: ${c.environments.map((e) => e.name).join(', ') || 'none'}.`);
      }
      if (!plan.suggested) {
        const bad = marks.of(c.key).map((m) => m.version);
        throw new EdgitError(
          `No version of ${c.id} below ${plan.current.version ?? 'the current position'} to roll ${environment} back to${bad.length ? ` that is not marked bad (bad: ${bad.join(', ')})` : ''}.`,
          'unknown-version',
          'A rollback never goes to a higher version: name one explicitly to deploy it (edgit-deploy set COMPONENT ENV VERSION).',
        );
      }
      target = plan.suggested;
      say(`Last known good: ${shownName(target)} (${shownText(plan.suggestionReason)})`);
    }
    const move = planEnvironmentMove(snapshot, component, environment, target);
    const direction = moveDirection(move.from?.version, move.to?.version);
    if (direction === 'deploy') {
      say(`${shownName(target)} is higher than ${shownName(String(move.from?.version))}: this is a deploy (roll forward), not a rollback; it is recorded as one.`);
    }
    const current = move.from?.version ? marks.get(c.key, move.from.version) : null;
    if (current && !flag(ctx, 'mark-bad')) say(`${shownName(c.id)}@${shownName(String(move.from?.version))} is ${markSentence(current)}.`);
    const drafts = flag(ctx, 'mark-bad') ? leavingMarks([move], marks, stringOption(ctx, 'reason') ?? null, MARK_BAD_HINT) : [];
    return runMoves(ctx, git, snapshot, [move], direction === 'deploy' ? 'set' : 'rollback', { history, marks: drafts, rollout: direction !== 'deploy' });
  },
};
