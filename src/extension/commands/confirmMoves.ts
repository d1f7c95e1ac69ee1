import * as vscode from 'vscode';
import { EnvironmentMove, SafetyCheck, describeMove } from '../../engine';
import { EdgitSettings } from '../services';
import { checkLine } from './safetyChecks';
import { iconSafeText, notificationLine } from '../untrustedLabels';
import { pickConfirmation } from '../quickpicks/confirmPick';

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
   * question is then asked again without covering them (a quick pick that stays open).
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
}

export interface ConfirmChoice {
  readonly push: boolean;
  /** The user turned on "also mark the versions left bad". */
  readonly markLeft: boolean;
}

export const PREVIEW_CHANGES = 'Preview Changes';

/** More moves than this: each move's passed checks are summed up in one line. */
const ALL_CHECKS_UP_TO = 3;

/** `Roll Back prompts/extraction · production: v1.1.0 → v1.0.0?`, or `Roll Back 2 components in production at once?`. */
export function confirmationQuestion(words: MoveWords, moves: readonly EnvironmentMove[]): string {
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
 * The modal confirmation naming every exact move (`prompts/extraction · production: v1.1.0 →
 * v1.0.0`), its safety checks, how each file changes and where it goes (pushed or local).
 * "Preview Changes" closes it, opens the diff, and asks the same question in a quick pick that
 * stays open over the editor, so the diff can be read (and scrolled) before the answer. Resolves
 * with the choice, or undefined when cancelled.
 */
export async function confirmMoves(req: ConfirmRequest): Promise<ConfirmChoice | undefined> {
  const { words, moves } = req;
  const message = confirmationQuestion(words, moves);
  const lines: string[] = [];
  if (req.preface) lines.push(req.preface, '');
  moves.forEach((move, i) => {
    const checks = req.checks[i] ?? [];
    if (moves.length === 1) {
      for (const c of checks) lines.push(checkLine(c));
      return;
    }
    // Every move with the same checks as a single one; in a big batch, the passed ones summed up.
    lines.push(describeMove(move));
    const shown = moves.length <= ALL_CHECKS_UP_TO ? checks : checks.filter((c) => c.status !== 'pass');
    for (const c of shown) lines.push(`    ${checkLine(c)}`);
    const passed = checks.length - shown.length;
    if (passed > 0) lines.push(`    ✓ ${passed} more check${passed === 1 ? '' : 's'} passed`);
  });
  if (req.overriding.length) lines.push('', `Confirming overrides ${req.overriding.length} failed check${req.overriding.length === 1 ? '' : 's'} above.`);
  if (req.changes?.length) lines.push('', `${req.preview ? 'Changes (Preview Changes shows the diff):' : 'Changes:'}`, ...req.changes.map((c) => `    ${c}`));
  lines.push('', pushLine(req));
  if (moves.length > 1) lines.push('All moves happen together or none does.');

  const anyway = req.overriding.length ? ' Anyway' : '';
  const pushLabel = `${words.verb}${anyway} and Push`;
  const offerPush = !!req.remote && req.pushMode !== 'never';
  const offerLocal = !req.remote || req.pushMode !== 'always' || req.defaultPush === false;
  const localLabel = `${words.verb}${anyway}${offerPush && offerLocal ? ' Locally' : ''}`;
  // The first button is the default one (Enter): a push unless the flow says otherwise.
  const moveButtons = [...(offerPush ? [pushLabel] : []), ...(offerLocal ? [localLabel] : [])];
  if (req.defaultPush === false) moveButtons.reverse();
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
      // The diff is open: ask without covering it.
      const answer = await pickConfirmation({
        title: notificationLine(message),
        placeholder: 'Read the changes in the editor (scroll them), then choose. Esc cancels.',
        actions: moveButtons.map((label) => ({
          label,
          icon: label === pushLabel ? 'cloud-upload' : 'check',
          description: label === pushLabel ? `one atomic push to ${req.remote}` : req.remote ? 'push later' : undefined,
        })),
        toggle: markable.length
          ? { label: iconSafeText(markLeft ? markOn : markOff), description: iconSafeText(markLeft ? `☑ ${left} will be marked bad in the same batch` : `☐ ${left} will not be marked bad`) }
          : undefined,
      });
      if (answer === undefined) return undefined;
      if (answer === 'toggle') {
        markLeft = !markLeft;
        continue;
      }
      if (answer !== 'dialog') return { push: answer.action === pushLabel, markLeft };
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
    if (choice !== PREVIEW_CHANGES) return { push: choice === pushLabel, markLeft };
    // The modal closed to show the diff; the question comes back beside it, not over it.
    await req.preview!();
    previewed = true;
  }
}

function pushLine(req: ConfirmRequest): string {
  const tags = req.moves.length === 1 ? 'the tag' : 'the tags';
  if (!req.remote) return `This repository has no remote: ${tags} move here only.`;
  if (req.defaultPush === false && req.pushMode !== 'never') {
    return `What it reverts was not pushed, so by default this stays local too: ${tags} go back to where ${req.remote} still has ${req.moves.length === 1 ? 'it' : 'them'}.`;
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
