import {
  EdgitError,
  draftReceipts,
  formatDuration,
  loadSnapshot,
  parseDuration,
  parseReportedComponent,
  recordReceipts,
  resolveRemote,
  shareReceipts,
} from '../../engine';
import { CliCommand, CliContext, flag, print, printJson, repository, stringOption } from '../cliContext';
import { humanTime } from '../../engine/humanTime';
import { shownName, shownText } from '../untrustedOutput';

export const reportLiveCommand: CliCommand = {
  name: 'report-live',
  usage: 'report-live ENV COMPONENT[=VERSION] [COMPONENT[=VERSION] …] [--commit SHA] [--run URL] [--note TEXT] [--settles-in DURATION] [--push [--remote NAME]] [--repo DIR] [--json]',
  summary: 'run by a deploy job after it published: record that ENV now serves these components (a deploy receipt), shared with --push',
  options: { commit: { type: 'string' }, run: { type: 'string' }, note: { type: 'string' }, 'settles-in': { type: 'string' }, push: { type: 'boolean' }, remote: { type: 'string' } },
  async run(ctx: CliContext): Promise<number> {
    const [environment, ...named] = ctx.positionals;
    if (!environment || !named.length) {
      throw new EdgitError('report-live needs an environment and at least one component.', 'bad-usage', 'For example: edgit-deploy report-live production prompts/analysis=v1.2.0 --run "$RUN_URL" --push');
    }
    const settles = stringOption(ctx, 'settles-in');
    const settlesInMs = settles === undefined ? undefined : parseDuration(settles, '--settles-in');
    const git = await repository(ctx);
    const snapshot = await loadSnapshot(git);
    const drafts = await draftReceipts(git, snapshot, {
      environment,
      components: named.map(parseReportedComponent),
      commit: stringOption(ctx, 'commit'),
      run: stringOption(ctx, 'run'),
      note: stringOption(ctx, 'note'),
      settlesInMs,
    });
    let shared: { remote: string; attempts: number } | null = null;
    let commit: string;
    if (flag(ctx, 'push')) {
      const remote = await resolveRemote(git, stringOption(ctx, 'remote'));
      if (!remote) throw new EdgitError('This repository has no remote to share the receipt with.', 'remote-unreachable', 'Add one with `git remote add origin URL`, or leave --push out to record it here only.');
      const r = await shareReceipts(git, remote, drafts[0].environment, drafts);
      commit = r.commit;
      shared = { remote, attempts: r.attempts };
    } else {
      commit = await recordReceipts(git, drafts[0].environment, drafts);
    }
    const at = Date.now();
    if (flag(ctx, 'json')) {
      printJson(ctx, {
        environment: drafts[0].environment,
        receipts: drafts.map((d) => ({ component: d.componentId, version: d.version, commit: d.commit, run: d.run, note: d.note, settlesInMs: d.settlesInMs })),
        receiptCommit: commit,
        shared,
      });
      return 0;
    }
    for (const d of drafts) {
      print(ctx, `Live in ${shownName(d.environment)}: ${shownName(d.componentId)} ${d.version ? shownName(d.version) : `commit ${d.commit.slice(0, 10)}`}`);
    }
    if (settlesInMs) print(ctx, `Caches may serve the previous position for ${formatDuration(settlesInMs)}: certainly served ${humanTime(new Date(at + settlesInMs).toISOString())}.`);
    print(ctx, shared ? `Shared with ${shownText(shared.remote)}${shared.attempts > 1 ? ` (after ${shared.attempts} attempts: others were reporting too)` : ''}.` : 'Recorded in this clone only: add --push to share it.');
    return 0;
  },
};
