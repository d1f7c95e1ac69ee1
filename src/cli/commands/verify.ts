import { EdgitError, VerifyProblem, loadObservedHistory, loadSnapshot, resolveRemote, verifyDeployments, verifyRemoteDeployments } from '../../engine';
import { CliCommand, CliContext, flag, print, printJson, repository, stringOption } from '../cliContext';
import { shownMessage, shownName, shownText } from '../untrustedOutput';

export const verifyCommand: CliCommand = {
  name: 'verify',
  usage: 'verify [--env ENV,ENV] [--remote NAME] [--repo DIR] [--json]',
  summary: 'CI gate: exit 0 when every environment tag is where its newest recorded move put it, at no bad version, with its file; else 1 and the list',
  options: { env: { type: 'string' }, remote: { type: 'string' } },
  async run(ctx: CliContext): Promise<number> {
    if (ctx.positionals.length) throw new EdgitError('verify takes no positional argument.', 'bad-input', `Usage: edgit-deploy ${this.usage}`);
    const environments = (stringOption(ctx, 'env') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const git = await repository(ctx);
    const wantedRemote = stringOption(ctx, 'remote');
    let report;
    if (wantedRemote !== undefined) {
      const remote = await resolveRemote(git, wantedRemote);
      if (!remote) throw new EdgitError('This repository has no remote to verify.', 'remote-unreachable', 'Add one with `git remote add origin URL`.');
      report = await verifyRemoteDeployments(git, await loadSnapshot(git), remote, { environments });
    } else {
      // Reads only: the history with the moves made outside observed in memory (who and when, as history and at tell them); nothing is written.
      const observed = await loadObservedHistory(git);
      report = await verifyDeployments(git, observed.snapshot, observed.history, { environments });
    }
    if (flag(ctx, 'json')) {
      printJson(ctx, {
        ok: report.ok,
        source: report.source,
        checked: report.checked.length,
        skipped: report.skipped,
        problems: report.problems.map((p) => ({
          kind: p.kind,
          component: p.tag.componentId,
          environment: p.tag.environment,
          tag: p.tag.tag,
          version: p.tag.version,
          commit: p.tag.commit,
          movedBy: p.tag.movedBy,
          movedAt: p.tag.movedAt,
          recorded: p.recorded,
          bad: p.mark ? { reason: p.mark.reason, by: p.mark.by, at: p.mark.at } : null,
          message: p.message,
        })),
      });
      return report.ok ? 0 : 1;
    }
    const where = report.source === 'local' ? 'here' : `on ${shownText(report.source)}`;
    if (report.ok) {
      print(ctx, `OK: all ${report.checked.length} environment tag(s) ${where} are where their newest recorded move put them, at no version marked bad, with their file.`);
      return 0;
    }
    ctx.stderr.write(`verify: ${report.problems.length} problem(s) in ${report.checked.length} environment tag(s) ${where}${report.skipped.length ? `, and ${report.skipped.length} item(s) skipped as unreadable or contradicting git` : ''}:\n`);
    for (const p of report.problems) ctx.stderr.write(`  ${p.kind}: ${problemText(p)}\n`);
    for (const p of report.skipped) ctx.stderr.write(`  skipped: ${shownMessage(`${p.where}: ${p.what}`)}\n`);
    if (report.problems.some((p) => p.kind === 'unrecorded-move')) {
      ctx.stderr.write('Moves made outside edgit-deploy are not vouched for: review them, then record the intended position with edgit-deploy set/rollback.\n');
    }
    return 1;
  },
};

/**
 * A problem's message on one line, quoting tagger names, reasons and names from the tags and the
 * history. The message starts with `component · environment` (verifyDeployments.ts): that label
 * is shown with its names unmistakable, the rest with every control and format character escaped.
 */
function problemText(p: VerifyProblem): string {
  const label = `${p.tag.componentId} · ${p.tag.environment}`;
  if (!p.message.startsWith(label)) return shownText(p.message);
  return `${shownName(p.tag.componentId)} · ${shownName(p.tag.environment)}${shownText(p.message.slice(label.length))}`;
}
