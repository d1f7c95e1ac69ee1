import { EdgitError, ReadProblem, ReceiptLog, StateAt, receiptAtJson } from '../../engine';
import { atJson, readAt } from '../../agentTools/answers/atAnswer';
import { CliCommand, CliContext, flag, print, printJson, printSkipped, repository, stringOption } from '../cliContext';
import { parseMoment } from '../../engine/timeArgument';
import { humanTime, humanTimesIn } from '../../engine/humanTime';
import { fixed, flowing, layoutRecord } from '../recordLayout';
import { shownName, shownText } from '../untrustedOutput';
import { byPiece, eventDetails, howPiece } from '../recordPieces';
import { observedNotice } from './history';

export const atCommand: CliCommand = {
  name: 'at',
  usage: 'at TIME [--env ENV] [--repo DIR] [--json]',
  summary: 'what was live at a past moment (TIME: ISO 8601, local time without an offset), with its evidence',
  options: { env: { type: 'string' } },
  async run(ctx: CliContext): Promise<number> {
    const [time, ...rest] = ctx.positionals;
    if (!time || rest.length) throw new EdgitError('at needs exactly one TIME.', 'bad-input', `Usage: edgit-deploy ${this.usage}`);
    const moment = parseMoment(time);
    const git = await repository(ctx);
    const query = { environment: stringOption(ctx, 'env') };
    const { state, observed, receipts, skipped } = await readAt(git, moment, query);
    if (observed) ctx.stderr.write(observedNotice(observed));
    printSkipped(ctx, skipped);
    printState(ctx, state, moment, skipped, receipts);
    return 0;
  },
};

/** What `at` prints for a state: JSON, or one line per environment with its evidence. */
function printState(ctx: CliContext, state: StateAt, moment: Date, skipped: readonly ReadProblem[], receipts: ReceiptLog): void {
  // What was served then, next to where the tag pointed: the last receipt at or before the moment.
  const served = (key: string, environment: string) => receiptAtJson(receipts, key, environment, moment.getTime());
  if (flag(ctx, 'json')) {
    printJson(ctx, atJson(state, moment, skipped, receipts));
    return;
  }
  print(ctx, `Live at ${humanTime(moment)}:`);
  if (!state.components.length) print(ctx, '  no environment known.');
  // Names, versions, who and why come from tags and the history: escaped, and laid out to the
  // width: where it was and on what evidence first, then who and why.
  const position = (version: string | null | undefined, commit: string | null | undefined) => (version ? shownName(version) : commit ? shownText(commit.slice(0, 10)) : '(none)');
  for (const c of state.components) {
    for (const e of c.environments) {
      const where =
        e.evidence === 'unknown'
          ? `unknown${e.candidates ? ` (${e.candidates.map((x) => position(x.version, x.commit)).join(' or ')})` : ''}`
          : e.present === false
            ? '(did not exist)'
            : e.version
              ? shownName(e.version)
              : `commit ${shownText(e.commit?.slice(0, 10) ?? 'undefined')}`;
      const since = e.evidence !== 'unknown' && e.since ? `since ${humanTime(e.since)}` : '';
      const details =
        e.evidence === 'unknown' ? [[flowing(e.note ? humanTimesIn(shownText(e.note)) : '')]] : eventDetails(howPiece([shownText(e.evidence)]), e.by, e.reason, null);
      for (const line of layoutRecord(ctx.width, { indent: 2, head: [fixed(`${shownName(c.id)} · ${shownName(e.name)}`), fixed(where)], headTail: fixed(since), details })) print(ctx, line);
      const live = served(c.key, e.name);
      if (live) {
        // What a deploy reported served then, laid out like every record: essentials, then who and the run.
        const what = live.commit === e.commit ? 'served: the same (reported live)' : `served: ${position(live.version, live.commit)} (the last deploy reported)`;
        for (const line of layoutRecord(ctx.width, { indent: 4, head: [fixed(what), fixed(`since ${humanTime(live.since)}`)], details: [[byPiece(live.by), flowing(live.run ? shownText(live.run) : '')]] })) print(ctx, line);
      }
    }
  }
}
