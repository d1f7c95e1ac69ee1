import * as vscode from 'vscode';
import { AwaitedPosition, DeployWatchResult, EnvironmentMove, Receipt, formatDuration, isRunUrl, watchForReceipts, worthWatching } from '../engine';
import { EdgitRepository, EdgitSettings } from './services';
import { notificationLine } from './untrustedLabels';

/**
 * After a pushed move, the notification follows it to production: "Waiting for the deploy to
 * report…", then "Live in production since 14:58" (with the run), or after a while with no
 * receipt, "No deploy reported for prompts/analysis in production after 10 minutes" with what to
 * check. Only in repositories whose deploy jobs report (a receipt for one of the environments);
 * each poll is one `git ls-remote` of the receipts' ref.
 */

const clock = (ms: number) => {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
};

/** The positions a batch moved to (deletions are not deployed). */
function awaitedPositions(moves: readonly EnvironmentMove[]): AwaitedPosition[] {
  return moves.flatMap((m) =>
    m.to?.commit ? [{ componentKey: m.componentKey, componentId: m.componentId, environment: m.environment, version: m.to.version, commit: m.to.commit }] : [],
  );
}

/** `prompts/analysis in production`, `2 components in production`, `3 environments`. */
function describePositions(positions: readonly AwaitedPosition[]): string {
  const envs = [...new Set(positions.map((p) => p.environment))];
  if (positions.length === 1) return `${positions[0].componentId} in ${positions[0].environment}`;
  return envs.length === 1 ? `${positions.map((p) => p.componentId).join(', ')} in ${envs[0]}` : `${positions.length} environment positions`;
}

/**
 * Follows a pushed batch's positions until a deploy reports them live or the wait runs out. Not
 * awaited by the command (it has returned); the returned promise ends with the watch (tests).
 */
export function followDeploy(repository: EdgitRepository, moves: readonly EnvironmentMove[], remote: string, settings: EdgitSettings): Promise<DeployWatchResult | undefined> {
  return followPositions(repository, awaitedPositions(moves), remote, settings);
}

/** The same watch for positions pushed without a move of this session (Push Environment Tags). */
export async function followPositions(repository: EdgitRepository, positions: readonly AwaitedPosition[], remote: string, settings: EdgitSettings): Promise<DeployWatchResult | undefined> {
  if (!positions.length || settings.deployWatchMinutes <= 0) return undefined;
  const receipts = await repository.receipts().catch(() => undefined);
  if (!receipts || !worthWatching(receipts, positions)) return undefined;
  const what = describePositions(positions);
  const abort = new AbortController();
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: notificationLine(`Waiting for the deploy to report ${what} live…`), cancellable: true },
    async (progress, token) => {
      token.onCancellationRequested(() => abort.abort());
      return watchForReceipts(repository.git, remote, positions, {
        pollMs: settings.deployWatchPollSeconds * 1000,
        timeoutMs: settings.deployWatchMinutes * 60_000,
        signal: abort.signal,
        onProgress: (r) => {
          if (r.missing.length) progress.report({ message: notificationLine(`${r.live.size} of ${positions.length} live; waiting for ${describePositions(r.missing)}`) });
        },
      });
    },
  );
  repository.refresh();
  if (abort.signal.aborted && result.missing.length) return result;
  if (!result.missing.length) {
    const receiptsLive = [...result.live.values()];
    const newest = receiptsLive.reduce((a, b) => (b.atMs > a.atMs ? b : a));
    const settles = receiptsLive.map((r) => (r.settlesInMs ? r.atMs + r.settlesInMs : 0)).reduce((a, b) => Math.max(a, b), 0);
    const line = `Live: ${what} since ${clock(newest.atMs)}${settles ? `; caches may serve the previous version until ${clock(settles)}` : ''}.`;
    void showWithRun(vscode.window.showInformationMessage, line, newest);
  } else {
    const minutes = settings.deployWatchMinutes;
    const waited = Number.isInteger(minutes) ? `${minutes} minute${minutes === 1 ? '' : 's'}` : formatDuration(minutes * 60_000);
    const missing = describePositions(result.missing);
    const line = `No deploy reported for ${missing} after ${waited}. Check that the deploy workflow ran (a push of more tags than the host announces starts none), start it by hand, or let the reconcile job pick it up (edgit-deploy pending).`;
    void vscode.window.showWarningMessage(notificationLine(line), 'Keep Waiting').then((choice) => {
      if (choice === 'Keep Waiting') void followPositions(repository, result.missing, remote, settings);
    });
  }
  return result;
}

/** A notification with "Open Run" when the receipt names an http(s) run (opened through the editor, never as text). */
async function showWithRun(show: typeof vscode.window.showInformationMessage, line: string, receipt: Receipt): Promise<void> {
  const run = receipt.run && isRunUrl(receipt.run) ? receipt.run : null;
  const choice = await show(notificationLine(line), ...(run ? ['Open Run'] : []));
  if (choice === 'Open Run' && run) await vscode.env.openExternal(vscode.Uri.parse(run, true));
}
