import * as vscode from 'vscode';
import { FetchReport, fetchEnvironmentTags as fetchTags } from '../../engine';
import { BACK } from '../quickpicks/asyncQuickPick';
import { pickRepository } from '../quickpicks/repositoryPick';
import { CommandContext } from './commandContext';
import { readTarget } from './commandTarget';
import { requireRemote } from './remoteFor';
import { settleDrift } from './settleDrift';
import { CANCELLED, CommandResult, done } from './results';
import { tagLabel } from './tagLabel';
import { markedName, notificationLine } from '../untrustedLabels';

export interface FetchOutcome {
  readonly remote: string;
  /** Environment tags replaced by the remote's value. */
  readonly updated: readonly string[];
  readonly newVersions: readonly string[];
  /** Local moves not pushed yet, kept as they are. */
  readonly keptLocal: readonly string[];
  /** Version tags that differ on the remote: never touched. */
  readonly conflictingVersions: readonly string[];
}

/**
 * `edgit.fetchEnvironmentTags`: brings teammates' environment moves (forced, except over local
 * moves not pushed yet) and new versions (never replacing one) from the remote, with the
 * deployment history when there is one. Arguments: `{ repositoryRoot?, quiet? }`; `quiet` (Fetch
 * and Retry, whose new confirmation says what came in) shows the summary only when version tags
 * conflict. Returns CommandResult<FetchOutcome>.
 */
export async function fetchEnvironmentTags(ctx: CommandContext, arg: unknown): Promise<CommandResult<FetchOutcome>> {
  const target = readTarget(ctx.services, arg);
  const repository = target.repository ?? (await pickRepository(ctx.services, 'Fetch Environment Tags'));
  if (!repository || repository === BACK) return CANCELLED;
  const remote = await requireRemote(repository, ctx.services.settings());
  await settleDrift(repository);
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Fetching environment tags from ${remote}…` },
    () =>
      repository.withMutedWatcher(async () => {
        const fetched = await fetchTags(repository.git, await repository.snapshot(), remote, ctx.history.fetchRefspecs(remote));
        await ctx.history.afterFetch(repository, remote).catch((e) => ctx.services.log.warn(`Deployment history not joined: ${String(e)}`));
        return fetched;
      }),
  );
  ctx.services.log.info(`Fetch from ${remote}: ${JSON.stringify(report)}`);
  showSummary(remote, report, target.args.quiet === true);
  return done({
    remote,
    updated: report.updated.map((u) => u.ref.replace(/^refs\/tags\//, '')),
    newVersions: report.newVersions,
    keptLocal: report.keptLocal,
    conflictingVersions: report.conflictingVersions,
  });
}

function showSummary(remote: string, report: FetchReport, quiet: boolean): void {
  const parts: string[] = [];
  if (report.updated.length) parts.push(`updated ${report.updated.map((u) => tagLabel(u.ref)).join(', ')}`);
  if (report.newVersions.length) parts.push(`${report.newVersions.length} new version${report.newVersions.length === 1 ? '' : 's'}`);
  const head = parts.length ? `Fetched from ${remote}: ${parts.join('; ')}.` : `Environment tags are up to date with ${remote}.`;
  const kept = report.keptLocal.length
    ? ` Kept your local move${report.keptLocal.length === 1 ? '' : 's'} not pushed yet (${report.keptLocal.map(tagLabel).join(', ')}): push with "Edgit: Push Environment Tags".`
    : '';
  if (report.conflictingVersions.length) {
    void vscode.window.showWarningMessage(
      notificationLine(`${head}${kept} Version tags differ on ${remote} and were left alone (versions never move): ${report.conflictingVersions.map(markedName).join(', ')}. Ask who re-created them.`),
    );
  } else if (!quiet) {
    void vscode.window.showInformationMessage(notificationLine(`${head}${kept}`));
  }
}
