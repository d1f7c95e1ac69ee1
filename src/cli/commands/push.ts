import { EdgitError, environmentDrift, loadSnapshot, pushPendingMoves, resolveRemote } from '../../engine';
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
    const drift = await environmentDrift(git, snapshot, remote);
    const pending = drift.filter((d) => d.kind === 'local-ahead' || d.kind === 'local-only');
    const json = flag(ctx, 'json');
    if (!pending.length) {
      if (json) printJson(ctx, { remote, pushed: [], skipped: drift.filter((d) => d.kind !== 'in-sync').map((d) => ({ ref: d.ref, kind: d.kind })) });
      else print(ctx, `Nothing to push: no environment moved here since the last sync with ${remote}.`);
      return 0;
    }
    for (const d of pending) ctx.stderr.write(`  ${d.ref.replace(/^refs\/tags\//, '')} (${d.kind})\n`);
    await confirmMove(ctx, `Push ${pending.length} environment tag(s) to ${remote}?`);
    const result = await pushPendingMoves(git, remote, drift);
    if (json) printJson(ctx, { remote, pushed: result.updates.map((u) => u.ref), skipped: result.skipped });
    else {
      print(ctx, `Pushed ${result.updates.length} environment tag(s) to ${remote} in one atomic push.`);
      for (const s of result.skipped) print(ctx, `  not pushed: ${s.ref.replace(/^refs\/tags\//, '')} (${s.kind}; fetch first)`);
    }
    return 0;
  },
};
