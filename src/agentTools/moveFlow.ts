import { EdgitError, EnvironmentMove, MoveAction, MovePlan, badMarks, describeContentChange, describeMove, findVersion, leavingMarks, loadHistory, loadSnapshot, planEnvironmentMove } from '../engine';
import { batchAction, dryRunJson, planLocalMoves, rollbackMove } from './answers/movePlanAnswer';
import { MovePreparation, ToolAnswer, ToolContext } from './agentTool';
import { bad } from './toolInput';
import { name, value } from './toolText';

/**
 * How the moving tools plan, confirm and apply. A plan is the one the CLI's `--dry-run --json`
 * prints for the same command; the confirmation asks the CLI's question with the CLI's word (a
 * protected environment's name, else `yes`); applying runs that command through the CLI's own
 * flow (ToolContext.runMove) with the exact target that was confirmed.
 */

export type MoveRequest =
  | { readonly kind: 'rollback'; readonly component: string; readonly environment: string; readonly version?: string; readonly markBad: boolean; readonly reason?: string; readonly push: boolean }
  | { readonly kind: 'batch'; readonly environment: string; readonly targets: readonly { component: string; version: string }[]; readonly markBad: boolean; readonly reason?: string; readonly push: boolean }
  | { readonly kind: 'mark-bad'; readonly component: string; readonly version: string; readonly reason: string; readonly push: boolean };

/** A prepared request: the plan, the confirmation, and the command line that applies exactly it. */
export interface PreparedMove extends MovePreparation {
  readonly command: readonly string[];
}

const MARK_BAD_HINT = 'Leave markBad out, or mark a version with edgit_mark_bad.';

/** A plan for people and models: each move with its content change and checks, the marks, what refuses it. */
function planText(plan: MovePlan): string[] {
  const lines: string[] = [];
  for (const [i, m] of plan.moves.entries()) {
    lines.push(`${value(m.summary)}${m.direction === 'deploy' ? ' (deploy: roll forward)' : m.direction === 'rollback' ? ' (rollback)' : ''}`);
    lines.push(`  content ${value(describeContentChange(m.content))}`);
    for (const c of plan.checks[i].checks) lines.push(`  ${c.status} ${c.id}: ${value(c.message)}`);
  }
  for (const k of plan.marks) lines.push(`${k.action} ${name(k.component)}@${name(k.version)}${k.reason ? ` ("${value(k.reason)}")` : ''}`);
  if (plan.refused.length) lines.push(`Refused: ${plan.refused.map((c) => value(c.message)).join('; ')}.`);
  return lines;
}

/** The CLI's confirmation of moves: its question, and the word a person types (the first protected environment, else yes). */
function movesConfirmation(context: ToolContext, moves: readonly EnvironmentMove[], message: string) {
  const protectedMove = moves.find((m) => context.protectedEnvironments.includes(m.environment));
  const title = moves.length === 1 ? `Move ${value(describeMove(moves[0]))}?` : `Apply these ${moves.length} moves as one batch?`;
  return { title, message, word: protectedMove ? protectedMove.environment : 'yes' };
}

const common = (context: ToolContext, request: { reason?: string; push: boolean }) => [
  ...(request.reason ? ['--reason', request.reason] : []),
  ...(request.push ? ['--push'] : []),
  `--protected=${context.protectedEnvironments.join(',')}`,
];

/** Plans a request without changing anything. */
export async function prepareMove(context: ToolContext, request: MoveRequest): Promise<PreparedMove> {
  const git = context.git;
  const [snapshot, history] = await Promise.all([loadSnapshot(git), loadHistory(git)]);
  const marks = badMarks(history);
  if (request.kind === 'mark-bad') {
    const component = snapshot.find(request.component);
    const target = findVersion(component, request.version);
    const existing = marks.get(component.key, target.version);
    const ref = `${name(component.id)}@${name(target.version)}`;
    const at = component.environments.filter((e) => e.commit === target.commit).map((e) => name(e.name));
    const message = [
      `Mark ${ref} bad ("${value(request.reason)}"): one commit on the deployment history${request.push ? ', pushed' : ''}; it is never suggested again and moves to it are refused unless overridden.`,
      ...(existing ? [`It is already marked bad ("${value(existing.reason)}"); this mark replaces it.`] : []),
      ...(at.length ? [`Environments at ${name(target.version)} now: ${at.join(', ')}.`] : []),
    ].join('\n');
    return {
      text: message,
      json: { dryRun: true, moves: [], checks: [], marks: [{ component: component.id, key: component.key, version: target.version, action: 'mark-bad', reason: request.reason }] },
      confirmation: { title: `Mark ${component.id}@${target.version}?`, message, word: 'yes' },
      refused: [],
      command: ['mark-bad', component.id, target.version, '--reason', request.reason, ...(request.push ? ['--push'] : [])],
    };
  }
  let moves: EnvironmentMove[];
  let action: MoveAction;
  const lines: string[] = [];
  if (request.kind === 'rollback') {
    const r = await rollbackMove(git, snapshot, history, marks, request.component, request.environment, request.version);
    if (r.suggested) lines.push(`Last known good: ${name(r.suggested.version)} (${value(r.suggested.reason)}).`);
    moves = [r.move];
    action = r.direction === 'deploy' ? 'set' : 'rollback';
  } else {
    if (!request.targets.length) throw bad('A partial rollback needs at least one component and version.');
    moves = request.targets.map((t) => planEnvironmentMove(snapshot, t.component, request.environment, t.version));
    action = batchAction(moves);
  }
  const drafts = request.markBad ? leavingMarks(moves, marks, request.reason ?? null, MARK_BAD_HINT) : [];
  const plan = await planLocalMoves(git, snapshot, marks, moves, { protectedEnvironments: context.protectedEnvironments, marks: drafts });
  lines.push(...planText(plan));
  if (request.push) lines.push('With push: the remote is compared when applying (a teammate’s move there refuses it) and the tags and history go in one atomic push.');
  const confirmation = movesConfirmation(context, moves, lines.join('\n'));
  // Each move to the exact version planned, so what is applied is what was confirmed.
  const targets = moves.map((m) => `${m.componentId}=${m.to?.version ?? ''}`);
  const command =
    request.kind === 'rollback'
      ? ['rollback', moves[0].componentId, moves[0].environment, moves[0].to?.version ?? '', ...(request.markBad ? ['--mark-bad'] : []), ...common(context, request)]
      : ['batch', request.environment, ...targets, ...(request.markBad ? ['--mark-bad'] : []), ...common(context, request)];
  return { text: lines.join('\n'), json: dryRunJson(action, null, plan), confirmation, refused: plan.refused.map((c) => c.message), command };
}

/**
 * Applies a prepared request once `confirm` is its confirmation word, through the CLI's flow;
 * otherwise changes nothing and says what is missing.
 */
export async function applyMove(context: ToolContext, prepared: PreparedMove, confirm: string | undefined): Promise<ToolAnswer> {
  if (!context.runMove) throw new EdgitError('This front door is read-only: nothing was changed.', 'bad-usage', 'Moves need a server started with --allow-moves, or the editor.');
  if (prepared.refused.length) throw new EdgitError(`Refused, nothing was changed: ${prepared.refused.join('; ')}.`, 'bad-input', 'Roll back to another version, or use the CLI with the override flag after checking why.');
  if (confirm !== prepared.confirmation.word) {
    throw bad(
      confirm === undefined ? 'Not confirmed: nothing was changed.' : `"${confirm}" does not confirm this: nothing was changed.`,
      `Show the person the plan, and when they confirm it, call again with confirm: "${prepared.confirmation.word}".`,
    );
  }
  const run = await context.runMove(prepared.command);
  if (run.code !== 0) {
    const said = run.stderr.trim().split('\n').filter(Boolean).pop() ?? `exit code ${run.code}`;
    throw new EdgitError(`edgit-deploy ${prepared.command[0]} did not complete: ${said.replace(/^edgit-deploy [\w-]+: /, '')}`, 'bad-input');
  }
  const json = JSON.parse(run.stdout) as { batch?: string; pushedTo?: string | null; historyCommit?: string };
  const where = json.pushedTo ? `, pushed to ${value(json.pushedTo)}` : ' locally (not pushed)';
  const done = prepared.command[0] === 'mark-bad' ? `Done: ${prepared.confirmation.title.replace(/^Mark (.*)\?$/, 'marked $1 bad')}${where}.` : `Done: ${prepared.confirmation.title.replace(/\?$/, '').replace(/^Move /, 'moved ').replace(/^Apply these/, 'applied these')}${json.batch ? ` (batch ${value(json.batch)})` : ''}${where}; recorded in the deployment history.`;
  return { text: done, json };
}
