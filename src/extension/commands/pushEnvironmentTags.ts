import * as vscode from 'vscode';
import {
  AwaitedPosition,
  EdgitError,
  EnvironmentDrift,
  EnvironmentMove,
  PartialPushError,
  PushRefusedError,
  RemoteRefUpdate,
  RepositorySnapshot,
  TagPushPlan,
  environmentDrift,
  formatTag,
  listRemoteTags,
  peelToCommits,
  planEnvironmentMove,
  pushPendingInGroups,
  pushPendingMoves,
} from '../../engine';
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
import { EdgitRepository } from '../services';
import { followPositions } from '../deployWatchNotice';
import { runMoveFlow } from './moveFlow';
import { PartialPushFailed, reportPartialPush } from './partialPush';
import { TagPushAnswer, answerOfButton, choiceButtons, chosenByArgument, overLimitLines, planPush, pushesWords, startByHandWords, tagPushArgument, withChoice } from './tagPushChoice';

export interface PushOutcome {
  readonly remote: string;
  /** Tags pushed (environment moves, then versions the remote lacked), and `refs/edgit/history` when it travelled too. */
  readonly pushed: readonly string[];
  /** Environment tags left alone because they moved on the remote (fetch first). */
  readonly skipped: readonly { readonly tag: string; readonly kind: string }[];
  /** The pushes made, in order, each with the tags it carried; one unless pushed in groups. */
  readonly pushes: readonly (readonly string[])[];
  /** One push over the tag-event limit: no tag-triggered workflow started, so the deploy must be started by hand. */
  readonly startDeployByHand: boolean;
}

/**
 * `edgit.pushEnvironmentTags`: pushes the environment moves made here and not pushed yet, with the
 * version tags the remote lacks, in ONE atomic push where each ref expects the remote's value
 * (a teammate's concurrent move is refused, never overwritten). Environment tags that moved on the
 * remote are skipped and reported. Never `--tags --force`.
 *
 * When the push carries more tags than the repository's tag-event limit (edgit.tagEventLimit, 3
 * on github.com), the dialog says so and offers to push in groups (pushPendingInGroups: versions
 * first, each group one atomic push with leases and its part of the history) or as one push.
 *
 * Arguments: `{ repositoryRoot?, confirm?, tagPush? }`; `confirm: true` skips the modal, and then
 * a push over the limit needs `tagPush: "groups" | "one-push"` (else nothing is pushed). Returns
 * CommandResult<PushOutcome>.
 */
export async function pushEnvironmentTags(ctx: CommandContext, arg: unknown): Promise<CommandResult<PushOutcome> | PartialPushFailed> {
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
    return done({ remote, pushed: [], skipped, pushes: [], startDeployByHand: false });
  }
  // The tags this push carries, counted against the repository's tag-event limit before anything is asked.
  let plan = await planPush(repository, remote, { versions, environments: pendingEnvs.map((d) => d.ref) });

  const lines = [
    ...pendingEnvs.map((d) => `${tagLabel(d.ref)}${d.kind === 'local-only' ? ' (new)' : ''}`),
    ...versions.map((v) => `${tagLabel(v.ref)} (version)`),
    ...history.extra.map(() => 'the deployment history'),
  ];
  if (target.args.confirm !== true) {
    // Over the tag-event limit: said before pushing, and the push button becomes the two ways to push.
    const how = plan.overLimit
      ? overLimitLines(plan, remote).join('\n')
      : 'One atomic push: all or nothing, refused if someone moved these tags meanwhile.';
    const buttons = plan.overLimit ? choiceButtons(plan) : ['Push'];
    const choice = await vscode.window.showWarningMessage(
      notificationLine(`Push ${lines.length} ref${lines.length === 1 ? '' : 's'} to ${remote}?`),
      { modal: true, detail: notificationText(`${lines.join('\n')}\n\n${how}${skippedNote}`) },
      ...buttons,
    );
    if (!choice || !buttons.includes(choice)) return CANCELLED;
    const answer: TagPushAnswer | undefined = answerOfButton(plan, choice);
    if (answer) plan = withChoice(plan, answer);
  } else plan = chosenByArgument(plan, tagPushArgument(target.args.tagPush));
  const pending = pendingEnvs.map((d) => ({ ref: d.ref, expectedRemote: d.remote, newValue: d.local }));
  const grouped = plan.groups.length > 1;
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Pushing environment tags to ${remote}…` }, (progress) =>
      repository.withMutedWatcher(async () => {
        if (grouped) {
          // Each group one atomic push with leases, with the history of the moves that landed so far.
          const inGroups = await pushPendingInGroups(repository.git, remote, plan, pending, {
            holdBack: drift.filter((d) => d.kind === 'diverged' || d.kind === 'differs').map((d) => d.ref),
            onLanded: (g, of) => progress.report({ message: `pushed ${g.index} of ${of}` }),
          });
          return { updates: pending, history: inGroups.history ? ['refs/edgit/history'] : [] };
        }
        const pushedMoves = await pushPendingMoves(repository.git, remote, drift, [...versions, ...history.extra]);
        await history.complete();
        return { updates: pushedMoves.updates, history: history.extra.map((u) => u.ref) };
      }),
    );
    const pushed = [...result.updates.map((u) => u.ref), ...versions.map((v) => v.ref), ...result.history].map((ref) => ref.replace(/^refs\/tags\//, ''));
    ctx.services.log.info(`Pushed to ${remote}: ${pushed.join(', ')}`);
    void vscode.window.showInformationMessage(notificationLine(`Pushed ${lines.join(', ')} to ${remote}${pushesWords(plan)}.${startByHandWords(plan, remote)}${skippedNote}`));
    // The push starts the deploy (unless it carried more tags than the host announces): follow it to a receipt, as a move's push does.
    if (!(plan.overLimit && plan.groups.length === 1)) {
      void followPositions(repository, pushedPositions(snapshot, pendingEnvs), remote, ctx.services.settings()).catch((e) => ctx.services.log.warn(`Deploy watch: ${String(e)}`));
    }
    return done({
      remote,
      pushed,
      skipped,
      pushes: plan.groups.map((g) => g.map((ref) => ref.replace(/^refs\/tags\//, ''))),
      startDeployByHand: plan.overLimit && plan.groups.length === 1,
    });
  } catch (e) {
    if (e instanceof PartialPushError) {
      repository.refresh({ drift: true });
      return partialPush(ctx, repository, snapshot, pendingEnvs, plan, e, target.args.confirm !== true);
    }
    if (!(e instanceof PushRefusedError)) throw e;
    notifyPushRefused(repository, e, () => pushEnvironmentTags(ctx, { repositoryRoot: repository.root }).catch((err) => reportError(ctx.services, 'Push', err)));
    return { status: 'failed', code: e.code, message: e.userMessage };
  }
}

/**
 * A push in groups of pending moves that stopped: the tags that landed are on the remote, the
 * others are still moved here and not pushed. Says exactly which, and offers to finish (push
 * again, asked again) or to put the landed environments back where the remote had them (one
 * batch, pushed, asked again).
 */
async function partialPush(
  ctx: CommandContext,
  repository: EdgitRepository,
  snapshot: RepositorySnapshot,
  pending: readonly EnvironmentDrift[],
  plan: TagPushPlan,
  e: PartialPushError,
  ask: boolean,
): Promise<PartialPushFailed> {
  const pendingOf = new Map(pending.map((d) => [d.ref, d]));
  const commits = await peelToCommits(repository.git, pending.flatMap((d) => [d.local, d.remote]).filter((o): o is string => !!o)).catch(() => new Map<string, string>());
  const versionOf = (d: EnvironmentDrift, object: string | null) => {
    if (!object) return null;
    const commit = commits.get(object);
    return snapshot.get(d.componentKey)?.versions.find((v) => v.objectName === object || (!!commit && v.commit === commit))?.version ?? null;
  };
  const label = (d: EnvironmentDrift, object: string | null) => (object ? (versionOf(d, object) ?? `object ${object.slice(0, 10)}`) : '(none)');
  const describe = (ref: string) => {
    const d = pendingOf.get(ref);
    return d ? `${label(d, d.remote)} → ${label(d, d.local)}` : undefined;
  };
  const landed = e.landed.flatMap((g) => g.tags).map((ref) => pendingOf.get(ref)).filter((d): d is EnvironmentDrift => !!d);
  ctx.services.log.warn(`Push: ${e.message}`);
  return reportPartialPush({
    plan,
    error: e,
    describe,
    here: 'The tags that did not land are still moved here and not pushed, with their history.',
    ask,
    finish: () => pushEnvironmentTags(ctx, { repositoryRoot: repository.root }),
    putBack: landed.length
      ? () =>
          runMoveFlow(ctx, {
            repository,
            plan: (fresh) => landed.map((d) => moveBack(fresh, d, versionOf(d, d.remote))),
            action: 'undo',
            words: { title: 'Put Back', verb: 'Put Back', past: 'Put back' },
            runChecks: false,
            confirm: 'always',
            pushDefault: true,
            preface: `Puts the environments whose push landed on ${e.remote} back where ${e.remote} had them before.`,
          })
      : undefined,
  });
}

/** The move of a landed environment back to the version the remote had before (deleted when it had none). */
function moveBack(snapshot: RepositorySnapshot, d: EnvironmentDrift, version: string | null): EnvironmentMove {
  if (version) return planEnvironmentMove(snapshot, d.componentKey, d.environment, version);
  const component = snapshot.get(d.componentKey);
  const env = component?.environments.find((x) => x.name === d.environment);
  if (d.remote || !component || !env) {
    throw new EdgitError(`${d.environment} of ${component?.id ?? d.componentKey} was at a commit without a version on the remote: it cannot be put back from here.`, 'bad-input', 'Move it with Deploy Version.');
  }
  return {
    componentKey: d.componentKey,
    componentId: component.id,
    componentName: component.name,
    environment: d.environment,
    tag: formatTag(d.componentKey, d.environment),
    fromObject: env.objectName,
    from: { version: env.version, commit: env.commit, target: env.target, targetType: env.targetType === 'tag' ? 'tag' : 'commit' },
    to: null,
  };
}

/** Where the pushed environment tags point, as the deploy watch awaits them (deleted tags are not deployed). */
function pushedPositions(snapshot: RepositorySnapshot, pushed: readonly EnvironmentDrift[]): AwaitedPosition[] {
  return pushed.flatMap((d) => {
    const component = snapshot.get(d.componentKey);
    const env = component?.environments.find((e) => e.name === d.environment);
    return component && env?.commit && d.local ? [{ componentKey: d.componentKey, componentId: component.id, environment: d.environment, version: env.version, commit: env.commit }] : [];
  });
}
