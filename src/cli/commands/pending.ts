import { checkEvents, checkReceipts, joinProblems, loadHistory, loadReceipts, loadSnapshot, pendingJson, pendingPositions, validateEnvironmentName } from '../../engine';
import { CliCommand, CliContext, flag, print, printJson, printSkipped, repository, stringOption } from '../cliContext';
import { humanTime } from '../../engine/humanTime';
import { shownName, shownText } from '../untrustedOutput';

export const pendingCommand: CliCommand = {
  name: 'pending',
  usage: 'pending [--env E,…] [--repo DIR] [--json]',
  summary: 'the environment positions no deploy reported live yet, oldest first (for a scheduled reconcile job)',
  options: { env: { type: 'string' } },
  async run(ctx: CliContext): Promise<number> {
    const wanted = stringOption(ctx, 'env');
    const environments = wanted === undefined ? undefined : new Set(wanted.split(',').map((e) => validateEnvironmentName(e.trim())));
    const git = await repository(ctx);
    const [snapshot, history, read] = await Promise.all([loadSnapshot(git), loadHistory(git), loadReceipts(git)]);
    checkEvents(history, snapshot);
    const receipts = checkReceipts(read, snapshot);
    const pending = pendingPositions(snapshot, history, receipts, environments);
    if (flag(ctx, 'json')) {
      printJson(ctx, pending.map(pendingJson));
      printSkipped(ctx, joinProblems(snapshot.problems, receipts.skipped));
      return 0;
    }
    if (!receipts.size) print(ctx, 'No deploy has reported in this repository yet (edgit-deploy report-live): nothing can be pending.');
    else if (!pending.length) print(ctx, `Every reported environment${environments ? ` of ${[...environments].join(', ')}` : ''} serves where its tag points.`);
    for (const p of pending) {
      const at = p.version ? shownName(p.version) : `commit ${p.commit.slice(0, 10)}`;
      const moved = p.movedAtMs === null ? 'moved at an unknown time' : `moved ${humanTime(p.movedAtMs)}`;
      const last = p.lastLive ? `last live: ${p.lastLive.version ? shownName(p.lastLive.version) : `commit ${p.lastLive.commit.slice(0, 10)}`} since ${humanTime(p.lastLive.atMs)}${p.lastLive.run ? ` (${shownText(p.lastLive.run)})` : ''}` : 'never reported live';
      print(ctx, `${shownName(p.componentId)} · ${shownName(p.environment)} → ${at}: ${moved}, no deploy reported; ${last}`);
    }
    printSkipped(ctx, joinProblems(snapshot.problems, receipts.skipped));
    return 0;
  },
};
