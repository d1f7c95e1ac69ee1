import * as vscode from 'vscode';
import {
  EnvironmentMove,
  ExecutedBatch,
  MoveAction,
  PushRefusedError,
  RepositorySnapshot,
  SafetyCheck,
  SafetyCheckId,
  blockingChecks,
  leavingMarks,
  moveDirection,
  describeMove,
  executeBatch,
  prepareBatch,
} from '../../engine';
import { askReason } from '../quickpicks/reasonInput';
import { EdgitRepository } from '../services';
import { CommandContext } from './commandContext';
import { MoveWords, confirmMoves, movesCounted } from './confirmMoves';
import { NextRolloutStep, nextRolloutStep } from './gradualRollback';
import { notifyMoved, notifyPushRefused } from './moveNotifications';
import { followDeploy } from '../deployWatchNotice';
import { changeLines, previewMoves } from './previewMoves';
import { remoteFor } from './remoteFor';
import { reportError } from './reportError';
import { CANCELLED, CommandResult, done } from './results';
import { hardFailures, overridableFailures, refusal, safetyChecks } from './safetyChecks';
import { settleDrift } from './settleDrift';

/** Answers given as command arguments: no modal, no input box (tests, scripted use). */
export interface MoveAnswers {
  readonly reason?: string;
  /** Push in the same atomic operation; default: true when edgit.pushMode is "always" (or `pushDefault`). */
  readonly push?: boolean;
  /** Failed overridable checks to go ahead despite (`prerelease`, `contains-file`, `remote-drift`, `marked-bad`). */
  readonly overrides?: readonly SafetyCheckId[];
  /** A rollback also marks the versions it leaves bad, in the same batch. */
  readonly markBad?: boolean;
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
}

/**
 * Every environment move of the extension goes through here: plan on a fresh snapshot, safety
 * checks, one modal confirmation naming each exact move, an optional reason, then ONE engine batch
 * (all moves or none; pushed atomically with leases when asked) with the refs watcher muted, a
 * result notification with Undo, and "Fetch and Retry" when the remote refuses.
 */
export async function runMoveFlow(ctx: CommandContext, req: MoveFlowRequest): Promise<CommandResult<MoveOutcome>> {
  const { repository, answers } = req;
  const settings = ctx.services.settings();
  const snapshot = await repository.snapshot();
  const moves = await req.plan(snapshot);
  const { action, words } = named(req, moves);
  const remote = await remoteFor(repository, settings);
  const checks = req.runChecks ? await safetyChecks(repository, snapshot, moves, settings, remote) : moves.map(() => []);
  // In a batch, a refusal names the component each failed check is about.
  const all = checks.flatMap((list, i) => (moves.length > 1 ? list.map((c) => ({ ...c, message: `${moves[i].componentId}: ${c.message}` })) : list));
  const hard = hardFailures(all);
  if (hard.length) throw refusal(hard, !!answers);

  // A rollback may mark what it leaves bad, in its own history commit (offered when every move leaves a version).
  const marks = action === 'rollback' ? await ctx.history.marks(repository).catch(() => undefined) : undefined;
  const leaving = marks && moves.every((m) => !!m.from?.version) ? moves.filter((m) => !marks.get(m.componentKey, m.from!.version)) : [];
  let push: boolean;
  let reason: string | null;
  let markLeft = false;
  if (answers) {
    const blocking = blockingChecks(all, new Set(answers.overrides ?? []));
    if (blocking.length) throw refusal(blocking, true);
    push = answers.push ?? req.pushDefault ?? settings.pushMode === 'always';
    reason = answers.reason?.trim() || null;
    markLeft = answers.markBad === true;
  } else {
    const overriding = overridableFailures(all);
    const isProtected = moves.some((m) => settings.protectedEnvironments.includes(m.environment));
    // pushMode "ask" asks in the confirmation, unless the flow knows where its batch goes (undo).
    const askPush = settings.pushMode === 'ask' && !!remote && req.pushDefault === undefined;
    if (req.confirm === 'always' || isProtected || overriding.length || askPush) {
      const choice = await confirmMoves({
        words,
        moves,
        checks,
        remote,
        pushMode: settings.pushMode,
        overriding,
        preface: req.preface,
        changes: await changeLines(repository, snapshot, moves).catch(() => undefined),
        preview: () => previewMoves(repository, snapshot, moves).catch((e) => reportError(ctx.services, 'Preview Changes', e)),
        defaultPush: req.pushDefault,
        markable: [...new Set(leaving.map((m) => `${moves.length > 1 ? `${m.componentId}@` : ''}${m.from!.version!}`))],
      });
      if (!choice) return CANCELLED;
      push = choice.push;
      markLeft = choice.markLeft;
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
  let executed: ExecutedBatch;
  try {
    executed = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${words.title}${pushTo ? ` (pushing to ${pushTo})` : ''}…` },
      () =>
        repository.withMutedWatcher(async () => {
          const batch = await prepareBatch(repository.git, moves, { action, reason });
          return executeBatch(repository.git, batch, { remote: pushTo, companion: ctx.history.companion(repository, markDrafts) });
        }),
    );
  } catch (e) {
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
  notifyMoved(repository, words, executed, remote, next);
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
  });
}

const ROLL_FORWARD: MoveWords = { title: 'Roll Forward', verb: 'Roll Forward', past: 'Rolled forward' };

/**
 * The action and words of the planned moves: a rollback whose every move goes to a version above
 * the environment's current one is a deploy, so it is named "Roll Forward" (confirmation,
 * progress, notification) and recorded as a `set`, never as a rollback. Decided on each plan, so
 * "Fetch and Retry" names what the re-planned moves do.
 */
function named(req: MoveFlowRequest, moves: readonly EnvironmentMove[]): { action: MoveAction; words: MoveWords } {
  const forward = moves.length > 0 && moves.every((m) => moveDirection(m.from?.version, m.to?.version) === 'deploy');
  return req.action === 'rollback' && forward ? { action: 'set', words: ROLL_FORWARD } : { action: req.action, words: req.words };
}
