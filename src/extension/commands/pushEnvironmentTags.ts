import * as vscode from 'vscode';
import { PushRefusedError, RemoteRefUpdate, environmentDrift, listRemoteTags, pushPendingMoves } from '../../engine';
import { BACK } from '../quickpicks/asyncQuickPick';
import { pickRepository } from '../quickpicks/repositoryPick';
import { CommandContext } from './commandContext';
import { readTarget } from './commandTarget';
import { notifyPushRefused } from './moveNotifications';
import { requireRemote } from './remoteFor';
import { settleDrift } from './settleDrift';
import { reportError } from './reportError';
import { CANCELLED, CommandResult, done } from './results';
import { tagLabel } from './tagLabel';
import { notificationLine, notificationText } from '../untrustedLabels';

export interface PushOutcome {
  readonly remote: string;
  /** Tags pushed (environment moves, then versions the remote lacked), and `refs/edgit/history` when it travelled too. */
  readonly pushed: readonly string[];
  /** Environment tags left alone because they moved on the remote (fetch first). */
  readonly skipped: readonly { readonly tag: string; readonly kind: string }[];
}

/**
 * `edgit.pushEnvironmentTags`: pushes the environment moves made here and not pushed yet, with the
 * version tags the remote lacks, in ONE atomic push where each ref expects the remote's value
 * (a teammate's concurrent move is refused, never overwritten). Environment tags that moved on the
 * remote are skipped and reported. Never `--tags --force`.
 *
 * Arguments: `{ repositoryRoot?, confirm? }`; `confirm: true` skips the modal. Returns
 * CommandResult<PushOutcome>.
 */
export async function pushEnvironmentTags(ctx: CommandContext, arg: unknown): Promise<CommandResult<PushOutcome>> {
  const target = readTarget(ctx.services, arg);
  const repository = target.repository ?? (await pickRepository(ctx.services, 'Push Environment Tags'));
  if (!repository || repository === BACK) return CANCELLED;
  const remote = await requireRemote(repository, ctx.services.settings());
  await settleDrift(repository);
  const snapshot = await repository.snapshot();
  const [drift, remoteTags] = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Comparing environment tags with ${remote}…` },
    () => Promise.all([environmentDrift(repository.git, snapshot, remote), listRemoteTags(repository.git, remote)]),
  );
  const pendingEnvs = drift.filter((d) => d.kind === 'local-ahead' || d.kind === 'local-only');
  const skipped = drift
    .filter((d) => d.kind !== 'in-sync' && d.kind !== 'remote-deleted' && d.kind !== 'local-ahead' && d.kind !== 'local-only')
    .map((d) => ({ tag: d.ref.replace(/^refs\/tags\//, ''), kind: d.kind }));
  const versions: RemoteRefUpdate[] = [];
  for (const c of snapshot.components) {
    if (c.legacy) continue;
    for (const v of c.versions) {
      const ref = `refs/tags/${v.tag}`;
      if (!remoteTags.has(ref)) versions.push({ ref, expectedRemote: null, newValue: v.objectName });
    }
  }
  // The deployment history travels in the same atomic push as the tags it records.
  const history = await ctx.history.preparePush(repository, remote).catch((e) => {
    ctx.services.log.warn(`Deployment history not pushed: ${String(e)}`);
    return { extra: [], complete: async () => undefined };
  });
  const skippedNote = skipped.length
    ? ` Skipped (moved on ${remote}, fetch first): ${skipped.map((s) => `${tagLabel(s.tag)} (${s.kind})`).join(', ')}.`
    : '';
  if (!pendingEnvs.length && !versions.length && !history.extra.length) {
    void vscode.window.showInformationMessage(notificationLine(`Nothing to push: no environment move is waiting for ${remote}.${skippedNote}`));
    return done({ remote, pushed: [], skipped });
  }

  const lines = [
    ...pendingEnvs.map((d) => `${tagLabel(d.ref)}${d.kind === 'local-only' ? ' (new)' : ''}`),
    ...versions.map((v) => `${tagLabel(v.ref)} (version)`),
    ...history.extra.map(() => 'the deployment history'),
  ];
  if (target.args.confirm !== true) {
    const choice = await vscode.window.showWarningMessage(
      notificationLine(`Push ${lines.length} ref${lines.length === 1 ? '' : 's'} to ${remote}?`),
      { modal: true, detail: notificationText(`${lines.join('\n')}\n\nOne atomic push: all or nothing, refused if someone moved these tags meanwhile.${skippedNote}`) },
      'Push',
    );
    if (choice !== 'Push') return CANCELLED;
  }
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Pushing environment tags to ${remote}…` }, () =>
      repository.withMutedWatcher(async () => {
        const pushedMoves = await pushPendingMoves(repository.git, remote, drift, [...versions, ...history.extra]);
        await history.complete();
        return pushedMoves;
      }),
    );
    const pushed = [...result.updates, ...versions, ...history.extra].map((u) => u.ref.replace(/^refs\/tags\//, ''));
    ctx.services.log.info(`Pushed to ${remote}: ${pushed.join(', ')}`);
    void vscode.window.showInformationMessage(notificationLine(`Pushed ${lines.join(', ')} to ${remote}.${skippedNote}`));
    return done({ remote, pushed, skipped });
  } catch (e) {
    if (!(e instanceof PushRefusedError)) throw e;
    notifyPushRefused(repository, e, () => pushEnvironmentTags(ctx, { repositoryRoot: repository.root }).catch((err) => reportError(ctx.services, 'Push', err)));
    return { status: 'failed', code: e.code, message: e.userMessage };
  }
}
