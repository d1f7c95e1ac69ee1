import { EdgitError, loadHistory, loadSnapshot, planRecreate } from '../../engine';
import { CliCommand, CliContext, flag, print, repository, stringOption } from '../cliContext';
import { MOVE_OPTIONS, MOVE_USAGE, runMoves } from '../deployFlow';
import { humanTime } from '../../engine/humanTime';
import { parseMoment } from '../../engine/timeArgument';
import { shownName, shownText } from '../untrustedOutput';
import { observedHistory } from './history';

export const recreateCommand: CliCommand = {
  name: 'recreate',
  usage: `recreate TIME ENV [--from SOURCE_ENV] ${MOVE_USAGE} [--json]`,
  summary: 'deploy what was live at TIME (in ENV, or in SOURCE_ENV with --from) to ENV, as one undoable batch',
  options: { ...MOVE_OPTIONS, from: { type: 'string' } },
  async run(ctx: CliContext): Promise<number> {
    const [time, target, ...rest] = ctx.positionals;
    if (!time || !target || rest.length) throw new EdgitError('recreate needs TIME and ENV.', 'bad-input', `Usage: edgit-deploy ${this.usage}`);
    const moment = parseMoment(time);
    const source = stringOption(ctx, 'from') ?? target;
    const git = await repository(ctx);
    // A dry run writes nothing, not even the observed moves: the history as it is, plus the tags.
    const { snapshot, history } = flag(ctx, 'dry-run') ? { snapshot: await loadSnapshot(git), history: await loadHistory(git) } : await observedHistory(git);
    const plan = planRecreate(snapshot, history, moment, target, { sourceEnvironment: source });
    const human = (text: string) => (flag(ctx, 'json') ? ctx.stderr.write(text + '\n') : print(ctx, text));
    human(`Recreate ${shownName(source)} as of ${humanTime(plan.at)}${source === target ? '' : ` into ${shownName(target)}`}:`);
    for (const s of plan.skipped) human(`  skip ${shownName(s.componentId)}: ${s.reason} (${shownText(s.detail)})`);
    if (!plan.moves.length) {
      if (plan.skipped.some((s) => s.reason === 'unknown' || s.reason === 'no-version')) {
        throw new EdgitError(
          `Nothing to recreate: the history does not tell what ${source} had at ${plan.at} for the components above.`,
          'bad-input',
          'See `edgit-deploy at TIME` and `edgit-deploy history`.',
        );
      }
      human(`${shownName(target)} is already as ${shownName(source)} was at ${humanTime(plan.at)}; nothing to move.`);
      return 0;
    }
    const reason = stringOption(ctx, 'reason') ?? `recreate ${source} as of ${plan.at}`;
    return runMoves({ ...ctx, options: { ...ctx.options, reason } }, git, snapshot, [...plan.moves], 'recreate');
  },
};
