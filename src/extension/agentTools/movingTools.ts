import {
  EdgitError,
  EnvironmentMove,
  MoveAction,
  RepositorySnapshot,
  SafetyCheckId,
  planEnvironmentMove,
} from '../../engine';
import { CommandContext } from '../commands/commandContext';
import { MoveWords, confirmationWords } from '../commands/confirmMoves';
import { assertWritable } from '../commands/findComponent';
import { markConfirmationWords, markVersionBad } from '../commands/markBad';
import { MoveOutcome, namedMoves, runMoveFlow } from '../commands/moveFlow';
import { PARTIAL_ROLLBACK_WORDS, planMoves, targetFor } from '../commands/partialRollback';
import { pinsOfMoves } from '../commands/movePins';
import { changeLines } from '../commands/previewMoves';
import { remoteFor } from '../commands/remoteFor';
import { CommandResult } from '../commands/results';
import { ROLLBACK_WORDS } from '../commands/rollback';
import { hardFailures, overridableFailures, refusal, safetyChecks } from '../commands/safetyChecks';
import { EdgitRepository, EdgitServices, EdgitSettings } from '../services';
import { notificationLine } from '../untrustedLabels';
import { ToolInput } from '../../agentTools/toolInput';
import { ConfirmedMoves, sameMovesAsConfirmed } from './confirmedMoves';
import { toolRepository } from './toolRepository';

/** What a moving tool asks the person: the title and the detail of the confirmation. */
interface MoveQuestion {
  readonly title: string;
  readonly message: string;
  /** What VS Code shows while the confirmed move runs (`Rollback…`). */
  readonly progress: string;
}

/** What a moving tool did: the text for the model and the outcome as data. */
interface MoveAnswer {
  readonly text: string;
  readonly json: unknown;
}

/**
 * A tool that moves: `prepare` plans the exact moves on the tags as they are, runs the editor's
 * safety checks and builds the editor's confirmation words (nothing changes); `move` makes the
 * moves confirmed for that same input through the editor's own flow (checks again, one atomic
 * batch, the deployment history, the notification with Undo), or nothing when they changed.
 */
export interface MovingTool {
  prepare(input: Record<string, unknown>): Promise<MoveQuestion>;
  move(input: Record<string, unknown>): Promise<MoveAnswer>;
}

type Services = EdgitServices & { readonly isTrusted: boolean };

/** A batch of moves confirmed for an input. */
interface ConfirmedBatch {
  readonly repository: EdgitRepository;
  readonly action: MoveAction;
  readonly words: MoveWords;
  readonly moves: readonly EnvironmentMove[];
  readonly push: boolean;
  readonly overrides: readonly SafetyCheckId[];
  readonly reason: string | null;
  readonly markBad: boolean;
}

/** A mark confirmed for an input. */
interface ConfirmedMark {
  readonly repository: EdgitRepository;
  readonly componentKey: string;
  readonly version: string;
  readonly reason: string;
  readonly push: boolean;
}

/** The fields each moving tool reads (the core's, without its `confirm`: VS Code asks the person itself). */
const FIELDS = {
  edgit_rollback: ['component', 'environment', 'version', 'markBad', 'reason', 'push'],
  edgit_partial_rollback: ['environment', 'targets', 'markBad', 'reason', 'push'],
  edgit_mark_bad: ['component', 'version', 'reason', 'push'],
} as const;

/** The input of a moving tool, read as the core reads it (names through the tag grammar); `repository` is the editor's. */
function readInput(tool: keyof typeof FIELDS, input: Record<string, unknown>): ToolInput {
  return ToolInput.of(tool, Object.fromEntries(Object.entries(input).filter(([k]) => k !== 'repository')), [...FIELDS[tool]]);
}

/** `push` when given (true or false), else undefined. */
function pushOf(args: ToolInput): boolean | undefined {
  return args.raw('push') === undefined || args.raw('push') === null ? undefined : args.boolean('push');
}

/**
 * Whether the tags are pushed: as the input says, else as the commands' scripted path decides
 * (pushed when edgit.pushMode is "always"). Refused when the input asks for a push the settings
 * forbid, or there is no remote.
 */
function decidePush(asked: boolean | undefined, settings: EdgitSettings, remote: string | null): boolean {
  if (asked === true) {
    if (!remote) throw new EdgitError('This repository has no remote to push to.', 'bad-input', 'Leave push out (or false): the move stays here.');
    if (settings.pushMode === 'never') throw new EdgitError('edgit.pushMode is "never": moves are not pushed from VS Code.', 'bad-input', 'Leave push out (or false).');
    return true;
  }
  return asked === undefined && !!remote && settings.pushMode === 'always';
}

/** The lines of a confirmation as one detail text: each line one line, hidden characters shown. */
function detailOf(lines: readonly string[]): string {
  return lines
    .map((l) => notificationLine(l))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The moving tools of the editor, keyed by the core's tool names; one shared memory of what was confirmed. */
export function movingTools(ctx: CommandContext & { readonly services: Services }): Record<'edgit_rollback' | 'edgit_partial_rollback' | 'edgit_mark_bad', MovingTool> {
  const batches = new ConfirmedMoves<ConfirmedBatch>();
  const marks = new ConfirmedMoves<ConfirmedMark>();

  /** Checks, push, words: the part every batch shares; remembers what is asked. */
  async function askBatch(
    tool: keyof typeof FIELDS,
    input: Record<string, unknown>,
    args: ToolInput,
    repository: EdgitRepository,
    snapshot: RepositorySnapshot,
    moves: readonly EnvironmentMove[],
    flow: { action: MoveAction; words: MoveWords },
  ): Promise<MoveQuestion> {
    const settings = ctx.services.settings();
    const reason = args.string('reason') ?? null;
    const markBad = args.boolean('markBad');
    if (markBad && !reason) throw new EdgitError(`${tool}: markBad needs reason.`, 'bad-input', 'Say why the versions left are bad.');
    const remote = await remoteFor(repository, settings);
    const checks = await safetyChecks(repository, snapshot, moves, settings, remote);
    const all = checks.flatMap((list, i) => (moves.length > 1 ? list.map((c) => ({ ...c, message: `${moves[i].componentId}: ${c.message}` })) : list));
    const hard = hardFailures(all);
    if (hard.length) throw refusal(hard, true);
    const overriding = overridableFailures(all);
    const push = decidePush(pushOf(args), settings, remote);
    const { action, words } = namedMoves(flow, moves);
    const said = confirmationWords({
      words,
      moves,
      checks,
      remote,
      pushMode: settings.pushMode,
      overriding,
      changes: await changeLines(repository, snapshot, moves).catch(() => undefined),
      pinned: await pinsOfMoves(repository, snapshot, moves),
      decidedPush: push,
    });
    const left = [...new Set(moves.flatMap((m) => (m.from?.version ? [`${moves.length > 1 ? `${m.componentId}@` : ''}${m.from.version}`] : [])))];
    const lines = [
      ...said.lines,
      '',
      `Reason recorded: ${reason ?? '(none given)'}`,
      ...(markBad && action === 'rollback' ? [`${left.join(', ')} will be marked bad in the same batch, so no rollback suggests ${left.length === 1 ? 'it' : 'them'} again.`] : []),
    ];
    batches.remember(tool, input, { repository, action: flow.action, words: flow.words, moves, push, overrides: overriding.map((c) => c.id), reason, markBad });
    return { title: notificationLine(said.question), message: detailOf(lines), progress: `${words.title}…` };
  }

  /** The confirmed batch, through the editor's move flow; nothing when the moves changed since. */
  async function moveBatch(tool: string, input: Record<string, unknown>): Promise<MoveAnswer> {
    const confirmed = batches.take(tool, input);
    const result = await runMoveFlow(ctx, {
      repository: confirmed.repository,
      action: confirmed.action,
      words: confirmed.words,
      runChecks: true,
      confirm: 'always',
      plan: (snapshot) =>
        sameMovesAsConfirmed(
          confirmed.moves,
          confirmed.moves.map((m) => planEnvironmentMove(snapshot, m.componentKey, m.environment, m.to?.version ?? '')),
        ),
      answers: { reason: confirmed.reason ?? undefined, push: confirmed.push, overrides: confirmed.overrides, markBad: confirmed.markBad },
    });
    return batchAnswer(result);
  }

  return {
    edgit_rollback: {
      async prepare(input) {
        const args = readInput('edgit_rollback', input);
        const repository = await toolRepository(ctx.services, input.repository);
        const snapshot = await repository.snapshot();
        const component = snapshot.find(args.component('component', { required: true }));
        assertWritable(component);
        const environment = args.environment('environment', { required: true, toMove: true });
        let version = args.version('version');
        if (!version) {
          const plan = await ctx.history.rollbackPlan(repository, component.key, environment);
          if (!plan.suggested) throw new EdgitError(`No last known good version of ${component.id} in ${environment} to suggest.`, 'bad-input', 'Pass version.');
          version = plan.suggested;
        }
        const moves = [planEnvironmentMove(snapshot, component.key, environment, version)];
        return askBatch('edgit_rollback', input, args, repository, snapshot, moves, { action: 'rollback', words: ROLLBACK_WORDS });
      },
      move: (input) => moveBatch('edgit_rollback', input),
    },

    edgit_partial_rollback: {
      async prepare(input) {
        const args = readInput('edgit_partial_rollback', input);
        const environment = args.environment('environment', { required: true, toMove: true });
        const wanted = args.list('targets', (value, where) => {
          const entry = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
          const one = ToolInput.of(`edgit_partial_rollback: ${where}`, entry, ['component', 'version']);
          return { component: one.component('component', { required: true }), version: one.version('version') };
        });
        if (!wanted?.length) throw new EdgitError('edgit_partial_rollback needs targets: at least one component.', 'bad-input', 'Pass targets: [{ component, version }].');
        const repository = await toolRepository(ctx.services, input.repository);
        const snapshot = await repository.snapshot();
        const targets = await Promise.all(
          wanted.map((t) => {
            const component = snapshot.find(t.component);
            assertWritable(component);
            return targetFor(ctx, repository, component.key, environment, t.version);
          }),
        );
        const moves = planMoves(snapshot, environment, targets);
        return askBatch('edgit_partial_rollback', input, args, repository, snapshot, moves, { action: 'rollback', words: PARTIAL_ROLLBACK_WORDS });
      },
      move: (input) => moveBatch('edgit_partial_rollback', input),
    },

    edgit_mark_bad: {
      async prepare(input) {
        const args = readInput('edgit_mark_bad', input);
        const repository = await toolRepository(ctx.services, input.repository);
        const component = (await repository.snapshot()).find(args.component('component', { required: true }));
        const typed = args.version('version', { required: true });
        const version = component.versions.find((v) => v.version === typed);
        if (!version) throw new EdgitError(`${component.id} has no version ${typed}.`, 'unknown-version', 'Pass one of its versions.');
        const reason = args.string('reason', { required: true });
        const existing = (await ctx.history.marks(repository)).get(component.key, version.version);
        if (existing) throw new EdgitError(`${component.id} ${version.version} is marked bad already.`, 'bad-input', 'Nothing to do.');
        const settings = ctx.services.settings();
        const remote = await remoteFor(repository, settings);
        const push = decidePush(pushOf(args), settings, remote);
        const said = markConfirmationWords(component, version, 'mark-bad', null, reason);
        const where = push ? `The record is pushed to ${remote}.` : remote ? `The record stays here, not pushed to ${remote}.` : 'This repository has no remote: the record stays here.';
        marks.remember('edgit_mark_bad', input, { repository, componentKey: component.key, version: version.version, reason, push });
        return { title: notificationLine(said.question), message: detailOf([...said.lines, where]), progress: 'Mark Version Bad…' };
      },
      async move(input) {
        const confirmed = marks.take('edgit_mark_bad', input);
        const result = await markVersionBad(ctx, {
          repositoryRoot: confirmed.repository.root,
          componentKey: confirmed.componentKey,
          version: confirmed.version,
          reason: confirmed.reason,
          push: confirmed.push,
          confirm: true,
        });
        if (result.status !== 'done') return { text: result.status === 'failed' ? result.message : 'Cancelled: nothing was marked.', json: result };
        const where = result.pushedTo ? ` Shared through ${result.pushedTo}.` : ' Local only: push to share it.';
        return { text: `Marked ${result.componentId} ${result.version} bad (reason: ${result.reason ?? ''}).${where}`, json: result };
      },
    },
  };
}

function batchAnswer(result: CommandResult<MoveOutcome> | { status: string }): MoveAnswer {
  if (result.status !== 'done') {
    const message = 'message' in result && typeof result.message === 'string' ? result.message : 'Nothing was changed.';
    return { text: result.status === 'cancelled' ? 'Cancelled: nothing was changed.' : message, json: result };
  }
  const outcome = result as MoveOutcome;
  const where = outcome.pushedTo ? `pushed to ${outcome.pushedTo}` : 'local only (not pushed)';
  const lines = [
    `Done (batch ${outcome.batchId}, ${where}${outcome.reason ? `, reason: ${outcome.reason}` : ''}):`,
    ...outcome.moves.map((m) => `- ${m}`),
    ...(outcome.markedBad.length ? [`Marked bad: ${outcome.markedBad.join(', ')}`] : []),
    ...(outcome.startDeployByHand ? ['The push went as one push over the tag-event limit: the deploy must be started by hand.'] : []),
    ...(outcome.next ? [`Next in the rollout order: ${outcome.next.environment} (at ${outcome.next.from ?? 'no version'}) could follow to ${outcome.next.version}.`] : []),
  ];
  return { text: lines.join('\n'), json: outcome };
}
