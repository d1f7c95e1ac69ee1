import * as vscode from 'vscode';
import { EnvironmentMove, MovePinsLeftBehind, SafetyCheck, TagPushPlan, describeMove } from '../../engine';
import { EdgitSettings } from '../services';
import { checkLine } from './safetyChecks';
import { notificationLine } from '../untrustedLabels';
import { SHOW_CHECKS, askBesideThePreview } from './questionBesideThePreview';
import { TagPushAnswer, answerOfButton, choiceButtons, overLimitLines } from './tagPushChoice';

/** How a flow speaks of its moves: `Rollback` / `Roll Back` / `Rolled back`. */
export interface MoveWords {
  readonly title: string;
  readonly verb: string;
  readonly past: string;
}

export interface ConfirmRequest {
  readonly words: MoveWords;
  readonly moves: readonly EnvironmentMove[];
  /** Checks per move (same order); empty lists when the flow runs none. */
  readonly checks: readonly (readonly SafetyCheck[])[];
  readonly remote: string | null;
  readonly pushMode: EdgitSettings['pushMode'];
  /** Failed checks the confirmation overrides. */
  readonly overriding: readonly SafetyCheck[];
  /** A line shown first in the detail (who made the batch an undo reverts…). */
  readonly preface?: string;
  /**
   * How each moved component's file changes, one line each (`components/prompts/analysis.md: +3
   * −5 lines`): shown in the dialog, so the size of the change is known before any answer.
   */
  readonly changes?: readonly string[];
  /**
   * Offered as "Preview Changes": opens the content changes of the moves in the editor; the
   * question is then asked again without covering them (a notification in the corner).
   */
  readonly preview?: () => Promise<unknown>;
  /**
   * The versions the moves leave that could be marked bad in the same batch (a rollback's
   * choice, a toggle button); empty or absent: not offered.
   */
  readonly markable?: readonly string[];
  /**
   * Where the answer goes by default: pushed (true) or kept local (false). Absent: pushed when a
   * remote is there (and edgit.pushMode allows it). Given (an undo follows the batch it reverts),
   * both answers are offered when pushMode allows pushing, the default first.
   */
  readonly defaultPush?: boolean;
  /**
   * The push the moves would make (planPush). Over the repository's tag-event limit, the dialog
   * says so and its push button becomes the two choices: push in groups, or one push.
   */
  readonly tagPush?: TagPushPlan | null;
  /**
   * The references in ensembles and agents that pin the versions the moves leave: the moves do
   * not change what they load, so the dialog lists them (and Preview Changes shows their files).
   */
  readonly pinned?: readonly MovePinsLeftBehind[];
  /**
   * Where the tags go when that is decided before the question (a language model tool's input:
   * its confirmation has no push button): the last line says so. Absent: the buttons decide.
   */
  readonly decidedPush?: boolean;
}

export interface ConfirmChoice {
  readonly push: boolean;
  /** The user turned on "also mark the versions left bad". */
  readonly markLeft: boolean;
  /** A push over the tag-event limit: how it goes (absent under the limit, or when not pushed). */
  readonly tagPush?: TagPushAnswer;
}

const PREVIEW_CHANGES = 'Preview Changes';

/** More moves than this: each move's passed checks are summed up in one line (the dialog stays on the screen). */
const ALL_CHECKS_UP_TO = 2;

/** An indent that survives in a dialog's detail (it collapses leading spaces). */
const INDENT = '\u00a0'.repeat(4);

/** The pinning references a dialog names per move, at most (then how many more). */
const PIN_SITES = 3;

/** `Pinned, so not changed by this:` then each move's sentence and the first files:lines. */
function pinnedLines(pinned: readonly MovePinsLeftBehind[], several: boolean): string[] {
  if (!pinned.length) return [];
  const lines = ['Pinned, so not changed by this:'];
  for (const p of pinned) {
    lines.push(`${INDENT}${several ? `${p.componentId}: ` : ''}${p.sentence}`);
    for (const s of p.sites.slice(0, PIN_SITES)) lines.push(`${INDENT}${INDENT}${s.file}:${s.line}`);
    if (p.sites.length > PIN_SITES) lines.push(`${INDENT}${INDENT}…and ${p.sites.length - PIN_SITES} more`);
  }
  return lines;
}

/** `Roll Back prompts/extraction · production: v1.1.0 → v1.0.0?`, or `Roll Back 2 components in production at once?`. */
function confirmationQuestion(words: MoveWords, moves: readonly EnvironmentMove[]): string {
  if (moves.length === 1) return `${words.verb} ${describeMove(moves[0])}?`;
  return `${words.verb} ${movesCounted(moves)} at once?`;
}

/** `2 components in production`, or `3 environments` when a batch spans several. */
export function movesCounted(moves: readonly EnvironmentMove[]): string {
  const environments = [...new Set(moves.map((m) => m.environment))];
  const components = new Set(moves.map((m) => m.componentKey)).size;
  return environments.length === 1 ? `${components} component${components === 1 ? '' : 's'} in ${environments[0]}` : `${moves.length} environments`;
}

/**
 * What the confirmation of these moves says, before its buttons: the question naming the exact
 * move (or how many), then each move's safety checks, the overrides, how each file changes, where
 * the tags go. The modal dialog and the language model tools' confirmation both say it. Plain
 * text: each caller escapes the lines for where they are shown.
 */
export function confirmationWords(req: ConfirmRequest): { question: string; lines: string[] } {
  const { words, moves } = req;
  const lines: string[] = [];
  if (req.preface) lines.push(req.preface, '');
  moves.forEach((move, i) => {
    // The passed check that restates the move is the question (one move) or its heading (several).
    const own = (req.checks[i] ?? []).filter((c) => !(c.id === 'differs-from-current' && c.status === 'pass'));
    if (moves.length === 1) {
      for (const c of own) lines.push(checkLine(c));
      return;
    }
    // Each move, then the same checks as a single one's, indented (the dialog keeps only
    // no-break spaces at the start of a line). In a big batch, the passed checks are summed up.
    if (i > 0 && req.checks.some((list) => list.length)) lines.push('');
    lines.push(describeMove(move));
    const shown = moves.length <= ALL_CHECKS_UP_TO ? own : own.filter((c) => c.status !== 'pass');
    for (const c of shown) lines.push(`${INDENT}${checkLine(c)}`);
    const passed = own.length - shown.length;
    if (passed > 0) lines.push(`${INDENT}✓ ${passed} more check${passed === 1 ? '' : 's'} passed`);
  });
  if (req.overriding.length) lines.push('', `Confirming overrides ${req.overriding.length} failed check${req.overriding.length === 1 ? '' : 's'} above.`);
  if (req.changes?.length) lines.push('', `${req.preview ? 'Changes (Preview Changes shows the diff):' : 'Changes:'}`, ...req.changes.map((c) => `${INDENT}${c}`));
  if (req.pinned?.length) lines.push('', ...pinnedLines(req.pinned, moves.length > 1));
  // Over the tag-event limit, said before anything is pushed: how many tags, and the two ways to push them.
  const overLimit = overLimitPlan(req);
  if (overLimit && req.remote) {
    lines.push('', ...overLimitLines(overLimit, req.remote));
    if (offersLocal(req)) lines.push(`Or move ${req.moves.length === 1 ? 'the tag' : 'the tags'} here only and push later.`);
  } else lines.push('', pushLine(req));
  if (moves.length > 1) lines.push('All moves happen together or none does.');
  return { question: confirmationQuestion(words, moves), lines };
}

function offersPush(req: ConfirmRequest): boolean {
  return !!req.remote && req.pushMode !== 'never';
}

function offersLocal(req: ConfirmRequest): boolean {
  return !req.remote || req.pushMode !== 'always' || req.defaultPush === false;
}

/** The push plan when it goes over the tag-event limit and pushing is offered (the choice is asked). */
function overLimitPlan(req: ConfirmRequest): TagPushPlan | undefined {
  return offersPush(req) && req.decidedPush === undefined && req.tagPush?.overLimit ? req.tagPush : undefined;
}

/**
 * The modal confirmation naming every exact move (`prompts/extraction · production: v1.1.0 →
 * v1.0.0`), its safety checks, how each file changes and where it goes (pushed or local).
 * "Preview Changes" closes it, opens the diff, and asks the same question beside it (a
 * notification in the corner, see askBesideThePreview), so the diff can be read and scrolled
 * before the answer. Resolves with the choice, or undefined when cancelled.
 */
export async function confirmMoves(req: ConfirmRequest): Promise<ConfirmChoice | undefined> {
  const { words, moves } = req;
  const { question: message, lines } = confirmationWords(req);
  const offerPush = offersPush(req);
  const offerLocal = offersLocal(req);
  const overLimit = overLimitPlan(req);
  const anyway = req.overriding.length ? ' Anyway' : '';
  const pushLabel = `${words.verb}${anyway} and Push`;
  const localLabel = `${words.verb}${anyway}${offerPush && offerLocal ? ' Locally' : ''}`;
  const pushButtons = overLimit ? choiceButtons(overLimit) : offerPush ? [pushLabel] : [];
  // The first button is the default one (Enter): a push unless the flow says otherwise.
  const moveButtons = [...pushButtons, ...(offerLocal ? [localLabel] : [])];
  if (req.defaultPush === false) moveButtons.reverse();
  const chosen = (answer: string): ConfirmChoice => {
    const tagPush = overLimit ? answerOfButton(overLimit, answer) : undefined;
    return { push: pushButtons.includes(answer), markLeft, ...(tagPush ? { tagPush } : {}) };
  };
  const buttons = [...moveButtons, ...(req.preview ? [PREVIEW_CHANGES] : [])];
  const markable = req.markable ?? [];
  const left = markable.join(', ');
  // A button stays short: one version by name, several by count (the detail names them).
  const named = markable.length === 1 ? left : `the ${markable.length} Versions Left`;
  const markOn = `Don't Mark ${named} Bad`;
  const markOff = `Also Mark ${named} Bad`;
  let markLeft = false;
  let previewed = false;
  for (;;) {
    if (previewed) {
      // The diff is open: the question comes back beside it, not over it.
      const protectedOnes = [...new Set(moves.filter((_m, i) => req.checks[i]?.some((c) => c.id === 'protected-environment' && c.status === 'confirm')).map((m) => m.environment))];
      const answer = await askBesideThePreview({
        question: message,
        short: moves.length === 1 ? `${words.verb} ${moves[0].componentId} · ${moves[0].environment}?` : `${words.verb} ${movesCounted(moves)}?`,
        notes: [
          ...(protectedOnes.length ? [`${protectedOnes.join(', ')} ${protectedOnes.length === 1 ? 'is' : 'are'} protected: your answer confirms ${moves.length === 1 ? 'this exact move' : 'these exact moves'}.`] : []),
          ...(req.overriding.length ? [`It overrides ${req.overriding.length} failed check${req.overriding.length === 1 ? '' : 's'} (${SHOW_CHECKS} lists them).`] : []),
          ...(markable.length && markLeft ? [`${left} will be marked bad in the same batch.`] : []),
          ...(req.pinned ?? []).map((p) => `${moves.length > 1 ? `${p.componentId}: ` : ''}${p.sentence}`),
        ],
        answers: moveButtons,
      });
      if (answer === undefined) return undefined;
      if (answer !== 'dialog') return chosen(answer.answer);
      previewed = false;
    }
    // A checkbox in a modal: a toggle button, and a line saying what it is set to.
    const markLine: string[] = !markable.length
      ? []
      : markLeft
        ? ['', `☑ ${left} will be marked bad in the same batch (reason: the one you give next), so no rollback suggests ${markable.length === 1 ? 'it' : 'them'} again.`]
        : ['', `☐ ${left} will not be marked bad ("${markOff}" to mark ${markable.length === 1 ? 'it' : 'them'} in the same batch).`];
    // Each line is one line: names, check messages and marks quoting data cannot add one of their own.
    const detail: string = [...lines, ...markLine]
      .map((l) => notificationLine(l))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    const choice: string | undefined = await vscode.window.showWarningMessage(notificationLine(message), { modal: true, detail }, ...buttons, ...(markable.length ? [markLeft ? markOn : markOff] : []));
    if (!choice) return undefined;
    if (choice === markOn || choice === markOff) {
      markLeft = choice === markOff;
      continue;
    }
    if (choice !== PREVIEW_CHANGES) return chosen(choice);
    // The modal closed to show the diff; the question comes back beside it, not over it.
    await req.preview!();
    previewed = true;
  }
}

function pushLine(req: ConfirmRequest): string {
  const tags = req.moves.length === 1 ? 'the tag' : 'the tags';
  if (!req.remote) return `This repository has no remote: ${tags} move here only.`;
  if (req.decidedPush === true) return pushLine({ ...req, decidedPush: undefined, pushMode: 'always', defaultPush: undefined });
  if (req.decidedPush === false) {
    return `${capitalize(tags)} move here only, not pushed to ${req.remote}: push later with "Edgit: Push Environment Tags".`.replace('tag move', 'tag moves');
  }
  if (req.defaultPush === false && req.pushMode !== 'never') {
    return `What it reverts was not pushed, so by default this stays local too: ${tags} ${req.moves.length === 1 ? 'goes' : 'go'} back to where ${req.remote} still has ${req.moves.length === 1 ? 'it' : 'them'}.`;
  }
  switch (req.pushMode) {
    case 'always':
      return `${capitalize(tags)} are pushed to ${req.remote} in one atomic push (refused, with nothing changed, if someone moved them meanwhile).`.replace('tag are', 'tag is');
    case 'never':
      return `${capitalize(tags)} move here only (edgit.pushMode is "never"): push later with "Edgit: Push Environment Tags".`.replace('tag move', 'tag moves');
    case 'ask':
      return `Push to ${req.remote} now (one atomic push), or move ${tags} here only and push later.`;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
