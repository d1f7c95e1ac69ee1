import * as vscode from 'vscode';
import {
  EnvironmentMove,
  ExecutedBatch,
  MoveAction,
  PartialPushError,
  PreparedBatch,
  PushRefusedError,
  RemoteRefUpdate,
  RepositorySnapshot,
  SafetyCheck,
  SafetyCheckId,
  TagPushPlan,
  blockingChecks,
  inverseMoves,
  leavingMarks,
  listRemoteTags,
  marksForPush,
  moveDirection,
  describeMove,
  executeBatch,
  executeBatchInGroups,
  planEnvironmentMove,
  prepareBatch,
  splitLandedMoves,
  versionsToPush,
} from '../../engine';
import { askReason } from '../quickpicks/reasonInput';
import { EdgitRepository } from '../services';
import { CommandContext } from './commandContext';
import { MoveWords, confirmMoves, movesCounted } from './confirmMoves';
import { NextRolloutStep, nextRolloutStep } from './gradualRollback';
import { notifyMoved, notifyPushRefused } from './moveNotifications';
import { followDeploy } from '../deployWatchNotice';
import { PartialPushFailed, reportPartialPush } from './partialPush';
import { pinsOfMoves } from './movePins';
import { changeLines, previewMoves } from './previewMoves';
import { remoteFor } from './remoteFor';
import { reportError } from './reportError';
import { CANCELLED, CommandResult, done } from './results';
import { hardFailures, overridableFailures, refusal, safetyChecks } from './safetyChecks';
import { settleDrift } from './settleDrift';
import { TagPushAnswer, chosenByArgument, planPush, withChoice } from './tagPushChoice';
import { fetchEnvironmentTags } from './fetchEnvironmentTags';

/** Answers given as command arguments: no modal, no input box (tests, scripted use). */
export interface MoveAnswers {
  readonly reason?: string;
  /** Push in the same atomic operation; default: true when edgit.pushMode is "always" (or `pushDefault`). */
  readonly push?: boolean;
  /** Failed overridable checks to go ahead despite (`prerelease`, `contains-file`, `remote-drift`, `marked-bad`). */
  readonly overrides?: readonly SafetyCheckId[];
  /** A rollback also marks the versions it leaves bad, in the same batch. */
  readonly markBad?: boolean;
  /** How a push over the repository's tag-event limit goes: in groups, or as one push (without it, such a push is refused). */
  readonly tagPush?: TagPushAnswer;
}

export interface MoveFlowRequest {
  readonly repository: EdgitRepository;
  /** Plans the moves against a snapshot; called again after "Fetch and Retry". */
  readonly plan: (snapshot: RepositorySnapshot) => readonly EnvironmentMove[] | Promise<readonly EnvironmentMove[]>;
  readonly action: MoveAction;
  readonly words: MoveWords;
  /** Run the engine's safety checks (rollback, deploy); an undo restores a known state and skips them. */
  readonly runChecks: boolean;
  /**
   * `always`: confirm every time; `protected`: only when a protected environment moves, a failed
   * check is overridden, or pushMode "ask" has to ask. Protected environments are confirmed every time.
   */
  readonly confirm: 'always' | 'protected';
  /** Set when arguments answered everything. */
  readonly answers?: MoveAnswers;
  /** Push default when nobody is asked (an undo of a pushed batch is pushed). */
  readonly pushDefault?: boolean;
  /** First line of the confirmation's detail. */
  readonly preface?: string;
}

export interface MoveOutcome {
  readonly batchId: string;
  readonly action: MoveAction;
  readonly reason: string | null;
  /** `prompts/extraction · production: v1.1.0 → v1.0.0`, one per move. */
  readonly moves: readonly string[];
  readonly tags: readonly string[];
  readonly pushedTo: string | null;
  readonly checks: readonly (readonly SafetyCheck[])[];
  /** The gradual rollback's next step offered in the notification (`edgit.rolloutOrder`), or null. */
  readonly next: NextRolloutStep | null;
  /** The versions marked bad in the same batch (`prompts/analysis@v2.0.0`). */
  readonly markedBad: readonly string[];
  /** The pushes made, in order, each with the tags it carried (version tags the remote lacked, then environment tags); empty when local. */
  readonly pushes: readonly (readonly string[])[];
  /** One push over the tag-event limit: no tag-triggered workflow started, so the deploy must be started by hand. */
  readonly startDeployByHand: boolean;
}

/**
 * Every environment move of the extension goes through here: plan on a fresh snapshot, safety
 * checks, one modal confirmation naming each exact move, an optional reason, then ONE engine batch
 * (all moves or none; pushed atomically with leases when asked) with the refs watcher muted, a
 * result notification with Undo, and "Fetch and Retry" when the remote refuses.
 */
export async function runMoveFlow(ctx: CommandContext, req: MoveFlowRequest): Promise<CommandResult<MoveOutcome> | PartialPushFailed> {
  const { repository, answers } = req;
  const settings = ctx.services.settings();
  const snapshot = await repository.snapshot();
  const moves = await req.plan(snapshot);
  const { action, words } = namedMoves(req, moves);
  const remote = await remoteFor(repository, settings);
  const checks = req.runChecks ? await safetyChecks(repository, snapshot, moves, settings, remote) : moves.map(() => []);
  // In a batch, a refusal names the component each failed check is about.
  const all = checks.flatMap((list, i) => (moves.length > 1 ? list.map((c) => ({ ...c, message: `${moves[i].componentId}: ${c.message}` })) : list));
  const hard = hardFailures(all);
  if (hard.length) throw refusal(hard, !!answers);
  // What a push would carry, counted before anyone is asked: the moved environment tags and the versions they point at that the remote lacks.
  const answeredPush = answers ? (answers.push ?? req.pushDefault ?? settings.pushMode === 'always') : undefined;
  const mayPush = !!remote && (answeredPush ?? (settings.pushMode !== 'never' || req.pushDefault === true));
  let tagPush = remote && mayPush ? await planMovesPush(ctx, repository, remote, snapshot, moves) : null;

  // A rollback may mark what it leaves bad, in its own history commit (offered when every move leaves a version).
  const marks = action === 'rollback' ? await ctx.history.marks(repository).catch(() => undefined) : undefined;
  const leaving = marks && moves.every((m) => !!m.from?.version) ? moves.filter((m) => !marks.get(m.componentKey, m.from!.version)) : [];
  let push: boolean;
  let reason: string | null;
  let markLeft = false;
  if (answers) {
    const blocking = blockingChecks(all, new Set(answers.overrides ?? []));
    if (blocking.length) throw refusal(blocking, true);
    push = answeredPush === true;
    reason = answers.reason?.trim() || null;
    markLeft = answers.markBad === true;
    // Over the tag-event limit, a push goes only as the arguments say (groups or one push); without them nothing changes.
    if (push && tagPush) tagPush = chosenByArgument(tagPush, answers.tagPush);
  } else {
    const overriding = overridableFailures(all);
    const isProtected = moves.some((m) => settings.protectedEnvironments.includes(m.environment));
    // pushMode "ask" asks in the confirmation, unless the flow knows where its batch goes (undo).
    const askPush = settings.pushMode === 'ask' && !!remote && req.pushDefault === undefined;
    // A push over the tag-event limit is always asked: how it goes is the person's choice.
    if (req.confirm === 'always' || isProtected || overriding.length || askPush || tagPush?.overLimit) {
      const pinned = await pinsOfMoves(repository, snapshot, moves);
      const choice = await confirmMoves({
        words,
        moves,
        checks,
        remote,
        pushMode: settings.pushMode,
        overriding,
        preface: req.preface,
        changes: await changeLines(repository, snapshot, moves).catch(() => undefined),
        preview: () => previewMoves(repository, snapshot, moves, pinned).catch((e) => reportError(ctx.services, 'Preview Changes', e)),
        pinned,
        defaultPush: req.pushDefault,
        markable: [...new Set(leaving.map((m) => `${moves.length > 1 ? `${m.componentId}@` : ''}${m.from!.version!}`))],
        tagPush,
      });
      if (!choice) return CANCELLED;
      push = choice.push;
      markLeft = choice.markLeft;
      if (push && tagPush && choice.tagPush) tagPush = withChoice(tagPush, choice.tagPush);
    } else {
      push = req.pushDefault ?? settings.pushMode === 'always';
    }
    const typed = await askReason(`${words.title}: ${moves.length === 1 ? describeMove(moves[0]) : movesCounted(moves)}`);
    if (typed === undefined) return CANCELLED;
    reason = typed || null;
  }

  const markDrafts = markLeft && marks ? leavingMarks(moves, marks, reason, 'Leave out the component whose environment has no version, or mark a version with Edgit: Mark Version Bad….') : [];
  const pushTo = push ? remote : null;
  if (pushTo) await settleDrift(repository);
  // The push goes as planned: one atomic push, or the groups chosen; over the limit without a choice, the engine refuses it.
  const pushPlan = pushTo ? tagPush : null;
  let prepared: PreparedBatch | undefined;
  let executed: ExecutedBatch;
  try {
    executed = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${words.title}${pushTo ? ` (pushing to ${pushTo})` : ''}…` },
      (progress) =>
        repository.withMutedWatcher(async () => {
          const batch = await prepareBatch(repository.git, moves, { action, reason });
          prepared = batch;
          if (!pushTo || !pushPlan) return executeBatch(repository.git, batch, { remote: pushTo, companion: ctx.history.companion(repository, markDrafts) });
          return executeBatchInGroups(repository.git, batch, {
            remote: pushTo,
            plan: pushPlan,
            // One history commit per push, with the events (and marks) of that push's moves; outside moves looked for once, before the first.
            companion: (part, first) => ctx.history.companion(repository, marksForPush(markDrafts, moves, part, first), { observe: first }),
            onLanded: (g, of) => {
              if (of > 1) progress.report({ message: `pushed ${g.index} of ${of}` });
            },
          });
        }),
    );
  } catch (e) {
    if (e instanceof PartialPushError && prepared && pushPlan) {
      repository.refresh({ drift: true });
      return partialPush(ctx, req, prepared, pushPlan, e);
    }
    if (e instanceof PushRefusedError) {
      // Retry: re-plan against the fetched tags and confirm the (possibly different) moves anew.
      notifyPushRefused(repository, e, () =>
        runMoveFlow(ctx, { ...req, answers: undefined, confirm: 'always' }).catch((err) => reportError(ctx.services, words.title, err)),
      );
      ctx.services.log.warn(`${words.title}: ${e.message}`);
      return { status: 'failed', code: e.code, message: e.userMessage };
    }
    throw e;
  }
  ctx.services.log.info(`${words.title}: ${moves.map(describeMove).join('; ')}${pushTo ? ` (pushed to ${pushTo})` : ' (local)'} batch ${executed.batch.batchId}`);
  await ctx.lastBatches.remember(repository.root, executed);
  const next = action === 'rollback' ? nextRolloutStep(snapshot, executed.batch.moves, settings.rolloutOrder) : null;
  notifyMoved(repository, words, executed, remote, next, pushPlan);
  // Pushed: the notification follows the move to what production serves (deploy receipts).
  if (executed.pushedTo) void followDeploy(repository, executed.batch.moves, executed.pushedTo, settings).catch((e) => ctx.services.log.warn(`Deploy watch: ${String(e)}`));
  return done({
    batchId: executed.batch.batchId,
    action: executed.batch.action,
    reason: executed.batch.reason,
    moves: executed.batch.moves.map(describeMove),
    tags: executed.batch.moves.map((m) => m.tag),
    pushedTo: executed.pushedTo,
    checks,
    next,
    markedBad: markDrafts.map((d) => `${d.componentId}@${d.toVersion}`),
    pushes: executed.pushedTo && pushPlan ? pushPlan.groups.map((g) => g.map((ref) => ref.replace(/^refs\/tags\//, ''))) : [],
    startDeployByHand: !!executed.pushedTo && !!pushPlan?.overLimit && pushPlan.groups.length === 1,
  });
}

/**
 * The push of these moves: their environment tags and the versions they point at that the
 * remote lacks, with the repository's tag-event limit. When the remote cannot be listed, the
 * versions are left out (the count is then the environment tags; the push itself will say why
 * the remote cannot be reached).
 */
async function planMovesPush(ctx: CommandContext, repository: EdgitRepository, remote: string, snapshot: RepositorySnapshot, moves: readonly EnvironmentMove[]): Promise<TagPushPlan> {
  let versions: RemoteRefUpdate[] = [];
  try {
    versions = versionsToPush(snapshot, moves.map((m) => ({ componentKey: m.componentKey, version: m.to?.version })), await listRemoteTags(repository.git, remote));
  } catch (e) {
    ctx.services.log.warn(`Could not list the tags of ${remote}: ${String(e)}`);
  }
  return planPush(repository, remote, { versions, environments: moves.map((m) => `refs/tags/${m.tag}`) });
}

const PUT_BACK_WORDS: MoveWords = { title: 'Put Back', verb: 'Put Back', past: 'Put back' };

/**
 * A push in groups stopped after some pushes landed: the moves that landed are made here and on
 * the remote (recorded in the history there), the others neither here nor there. Says exactly
 * which, and offers to finish (the moves that did not land, planned again after a fetch, asked
 * again) or to put the landed moves back (their inverse, pushed, asked again).
 */
async function partialPush(ctx: CommandContext, req: MoveFlowRequest, batch: PreparedBatch, plan: TagPushPlan, e: PartialPushError): Promise<PartialPushFailed> {
  const { repository } = req;
  const { landed, notLanded } = splitLandedMoves(batch.moves, e);
  const landedBatch: PreparedBatch = { ...batch, moves: landed, updates: batch.updates.filter((u) => landed.some((m) => `refs/tags/${m.tag}` === u.ref)) };
  if (landed.length) await ctx.lastBatches.remember(repository.root, { batch: landedBatch, pushedTo: e.remote });
  ctx.services.log.warn(`${req.words.title}: ${e.message} Landed: ${landed.map(describeMove).join('; ') || 'no move'}. Not landed: ${notLanded.map(describeMove).join('; ') || 'no move'}.`);
  const moveOf = new Map(batch.moves.map((m) => [`refs/tags/${m.tag}`, m]));
  const describe = (ref: string) => {
    const m = moveOf.get(ref);
    return m ? describeMove(m).replace(/^.*?: /, '') : undefined;
  };
  return reportPartialPush({
    plan,
    error: e,
    describe,
    here: `The moves that landed are made here too (batch ${batch.batchId}); the others were made neither here nor on ${e.remote}.`,
    ask: !req.answers,
    finish: notLanded.length
      ? async () => {
          // The teammate's move first, then the moves that did not land, planned again on what the fetch brought, and asked again.
          const fetched = await fetchEnvironmentTags(ctx, { repositoryRoot: repository.root, quiet: true });
          if (fetched.status !== 'done') return fetched;
          return runMoveFlow(ctx, {
            ...req,
            plan: (snapshot) => notLanded.map((m) => (m.to?.version ? planEnvironmentMove(snapshot, m.componentKey, m.environment, m.to.version) : m)),
            answers: undefined,
            confirm: 'always',
            pushDefault: true,
            preface: `Finishes batch ${batch.batchId}: the moves whose push was refused.`,
          });
        }
      : undefined,
    putBack: landed.length
      ? () =>
          runMoveFlow(ctx, {
            repository,
            plan: () => inverseMoves(landedBatch),
            action: 'undo',
            words: PUT_BACK_WORDS,
            runChecks: false,
            confirm: 'always',
            pushDefault: true,
            preface: `Puts back the moves of batch ${batch.batchId} that landed on ${e.remote}.`,
          })
      : undefined,
  });
}

const ROLL_FORWARD: MoveWords = { title: 'Roll Forward', verb: 'Roll Forward', past: 'Rolled forward' };

/**
 * The action and words of the planned moves: a rollback whose every move goes to a version above
 * the environment's current one is a deploy, so it is named "Roll Forward" (confirmation,
 * progress, notification) and recorded as a `set`, never as a rollback. Decided on each plan, so
 * "Fetch and Retry" names what the re-planned moves do.
 */
export function namedMoves(req: Pick<MoveFlowRequest, 'action' | 'words'>, moves: readonly EnvironmentMove[]): { action: MoveAction; words: MoveWords } {
  const forward = moves.length > 0 && moves.every((m) => moveDirection(m.from?.version, m.to?.version) === 'deploy');
  return req.action === 'rollback' && forward ? { action: 'set', words: ROLL_FORWARD } : { action: req.action, words: req.words };
}
