import { EdgitError, fetchEnvironmentTags, historyFetchRefspec, receiptsFetchRefspec, integrateRemoteHistory, loadHistory, loadSnapshot, observeOutsideMoves, resolveRemote } from '../../engine';
import { CliCommand, CliContext, flag, print, printJson, repository, stringOption } from '../cliContext';
import { shownName } from '../untrustedOutput';

export const fetchCommand: CliCommand = {
  name: 'fetch',
  usage: 'fetch [--remote NAME] [--repo DIR] [--json]',
  summary: "fetch environment tags (with force, keeping your unpushed moves), new versions and the deployment history",
  options: { remote: { type: 'string' } },
  async run(ctx: CliContext): Promise<number> {
    const git = await repository(ctx);
    const remote = await resolveRemote(git, stringOption(ctx, 'remote'));
    if (!remote) throw new EdgitError('This repository has no remote to fetch from.', 'remote-unreachable', 'Add one with `git remote add origin URL`.');
    const snapshot = await loadSnapshot(git);
    // The deployment history comes in the same fetch as the tags it records, then joins ours (never
    // rewritten); the deploy receipts too (read joined with ours, never merged).
    const report = await fetchEnvironmentTags(git, snapshot, remote, [historyFetchRefspec(remote), receiptsFetchRefspec(remote)]);
    const history = await integrateRemoteHistory(git, remote);
    // An explicit fetch writes what reads only showed: moves made outside, as observed events.
    const observed = await observeOutsideMoves(git, await loadSnapshot(git), await loadHistory(git));
    if (observed.length) ctx.stderr.write(`Recorded ${observed.length} move(s) made outside edgit-deploy as observed events.\n`);
    if (flag(ctx, 'json')) {
      printJson(ctx, { remote, ...report, history: history.status });
      return 0;
    }
    print(ctx, `Fetched from ${remote}: ${report.updated.length} environment tag(s) updated, ${report.newVersions.length} new version(s), deployment history ${history.status}.`);
    // Tag names as the remote sent them: shown unmistakably (a look-alike of a real name shows as one).
    for (const u of report.updated) print(ctx, `  updated ${shownName(u.ref.replace(/^refs\/tags\//, ''))}`);
    for (const k of report.keptLocal) print(ctx, `  kept your unpushed move of ${shownName(k)} (push it with \`edgit-deploy push\`)`);
    for (const v of report.conflictingVersions) print(ctx, `  WARNING: version tag ${shownName(v)} differs on ${remote}; left untouched (versions are immutable)`);
    return 0;
  },
};
