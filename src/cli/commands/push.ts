import {
  EdgitError,
  completeHistoryPush,
  environmentDrift,
  loadHistory,
  loadSnapshot,
  observeOutsideMoves,
  prepareHistoryPush,
  pushHistory,
  pushPendingMoves,
  resolveRemote,
} from '../../engine';
import { CliCommand, CliContext, flag, print, printJson, repository, stringOption } from '../cliContext';
import { confirmMove } from '../confirm';

export const pushCommand: CliCommand = {
  name: 'push',
  usage: 'push [--remote NAME] [--yes] [--repo DIR] [--json]',
  summary: 'push environment moves made here and not pushed yet (one atomic push with leases)',
  options: { remote: { type: 'string' }, yes: { type: 'boolean' } },
  async run(ctx: CliContext): Promise<number> {
    const git = await repository(ctx);
    const remote = await resolveRemote(git, stringOption(ctx, 'remote'));
    if (!remote) throw new EdgitError('This repository has no remote to push to.', 'remote-unreachable', 'Add one with `git remote add origin URL`.');
    const snapshot = await loadSnapshot(git);
    // An explicit push writes (and publishes) what reads only showed: moves made outside, as observed events.
    const observed = await observeOutsideMoves(git, snapshot, await loadHistory(git));
    if (observed.length) ctx.stderr.write(`Recorded ${observed.length} move(s) made outside edgit-deploy as observed events.\n`);
    const drift = await environmentDrift(git, snapshot, remote);
    const pending = drift.filter((d) => d.kind === 'local-ahead' || d.kind === 'local-only');
    const json = flag(ctx, 'json');
    if (!pending.length) {
      // No tag to push, but maybe recorded or observed history events: publish them (no tag moves, no confirmation).
      const history = await pushHistory(git, remote);
      if (history.status === 'fast-forward' || history.status === 'merged') {
        if (json) printJson(ctx, { remote, pushed: [], history: history.status, skipped: drift.filter((d) => d.kind !== 'in-sync').map((d) => ({ ref: d.ref, kind: d.kind })) });
        else print(ctx, `No environment tag to push; pushed the deployment history to ${remote}.`);
        return 0;
      }
      if (json) printJson(ctx, { remote, pushed: [], skipped: drift.filter((d) => d.kind !== 'in-sync').map((d) => ({ ref: d.ref, kind: d.kind })) });
      else print(ctx, `Nothing to push: no environment moved here since the last sync with ${remote}.`);
      return 0;
    }
    for (const d of pending) ctx.stderr.write(`  ${d.ref.replace(/^refs\/tags\//, '')} (${d.kind})\n`);
    await confirmMove(ctx, `Push ${pending.length} environment tag(s) to ${remote}?`);
    // The history of these moves travels in the same atomic push: both land or neither does.
    const history = await prepareHistoryPush(git, remote);
    const result = await pushPendingMoves(git, remote, drift, history ? [history.remote] : []);
    if (history) await completeHistoryPush(git, history);
    if (json) printJson(ctx, { remote, pushed: result.updates.map((u) => u.ref), skipped: result.skipped });
    else {
      print(ctx, `Pushed ${result.updates.length} environment tag(s) to ${remote} in one atomic push.`);
      for (const s of result.skipped) print(ctx, `  not pushed: ${s.ref.replace(/^refs\/tags\//, '')} (${s.kind}; fetch first)`);
    }
    return 0;
  },
};
