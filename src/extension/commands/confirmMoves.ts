import * as vscode from 'vscode';
import { EnvironmentMove, SafetyCheck, describeMove } from '../../engine';
import { EdgitSettings } from '../services';
import { checkLine } from './safetyChecks';
import { notificationLine } from '../untrustedLabels';

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
  /** Offered as "Preview Changes": opens the content changes of the moves; the confirmation then shows again. */
  readonly preview?: () => Promise<unknown>;
  /**
   * The versions the moves leave that could be marked bad in the same batch (a rollback's
   * choice, a toggle button); empty or absent: not offered.
   */
  readonly markable?: readonly string[];
}

export interface ConfirmChoice {
  readonly push: boolean;
  /** The user turned on "also mark the versions left bad". */
  readonly markLeft: boolean;
}

export const PREVIEW_CHANGES = 'Preview Changes';

/**
 * The modal confirmation naming every exact move (`prompts/extraction · production: v1.1.0 →
 * v1.0.0`), its safety checks and where it goes (pushed or local). Resolves with the push choice,
 * or undefined when cancelled.
 */
export async function confirmMoves(req: ConfirmRequest): Promise<ConfirmChoice | undefined> {
  const { words, moves } = req;
  const message = moves.length === 1 ? `${words.verb} ${describeMove(moves[0])}?` : `${words.verb} these ${moves.length} moves at once?`;
  const lines: string[] = [];
  if (req.preface) lines.push(req.preface, '');
  moves.forEach((move, i) => {
    if (moves.length > 1) lines.push(describeMove(move));
    const checks = req.checks[i] ?? [];
    const shown = moves.length > 1 ? checks.filter((c) => c.status !== 'pass') : checks;
    for (const c of shown) lines.push(`${moves.length > 1 ? '    ' : ''}${checkLine(c)}`);
  });
  if (req.overriding.length) lines.push('', `Confirming overrides ${req.overriding.length} failed check${req.overriding.length === 1 ? '' : 's'} above.`);
  lines.push('', pushLine(req));
  if (moves.length > 1) lines.push('All moves happen together or none does.');

  const anyway = req.overriding.length ? ' Anyway' : '';
  const pushLabel = `${words.verb}${anyway} and Push`;
  const localLabel = `${words.verb}${anyway}${req.remote && req.pushMode === 'ask' ? ' Locally' : ''}`;
  const buttons: string[] = [];
  if (req.remote && req.pushMode !== 'never') buttons.push(pushLabel);
  if (!req.remote || req.pushMode !== 'always') buttons.push(localLabel);
  if (req.preview) buttons.push(PREVIEW_CHANGES);
  const markable = req.markable ?? [];
  const left = markable.join(', ');
  // A button stays short: one version by name, several by count (the detail names them).
  const named = markable.length === 1 ? left : `the ${markable.length} Versions Left`;
  const markOn = `Don't Mark ${named} Bad`;
  const markOff = `Also Mark ${named} Bad`;
  let markLeft = false;
  for (;;) {
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
    // The modal closed to show the diff; it asks again over it.
    await req.preview!();
  }
}

function pushLine(req: ConfirmRequest): string {
  const tags = req.moves.length === 1 ? 'the tag' : 'the tags';
  if (!req.remote) return `This repository has no remote: ${tags} move here only.`;
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
