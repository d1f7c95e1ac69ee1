import * as vscode from 'vscode';
import { iconSafeText, notificationLine } from '../untrustedLabels';

/** Reopens the confirmation dialog with every check (and Preview Changes again). */
export const SHOW_CHECKS = 'Show Checks';

export interface BesideThePreview {
  /** The exact question, as the dialog asks it (`Roll Back queries/lookup · production: v1.1.0 → v1.0.0?`). */
  readonly question: string;
  /** What follows it (`production is protected: your answer confirms this exact move.`). */
  readonly notes: readonly string[];
  /** The answers that move, the default one first (the notification's primary button). */
  readonly answers: readonly string[];
  /** A few words for the status bar (`Roll Back queries/lookup · production?`). */
  readonly short: string;
}

/** A move answered (its answer's label), the dialog asked for again, or nothing (cancelled). */
export type BesideAnswer = { readonly answer: string } | 'dialog' | undefined;

/**
 * The question asked again once "Preview Changes" has opened the diff. A modal dialog would
 * cover the diff (it blocks the editor) and a quick pick opens over its first lines, so the
 * question comes as a notification in the corner, with the same answers: the diff stays readable
 * and scrollable while it waits. A notification slides into the notification center after a few
 * seconds (unless the mouse is on it); a status bar entry stays until the question is answered
 * and brings it back (Notifications: Show Notifications). Closing the notification cancels.
 * "Show Checks" brings the dialog back, with every check.
 */
export async function askBesideThePreview(req: BesideThePreview): Promise<BesideAnswer> {
  const waiting = vscode.window.createStatusBarItem('edgit.question', vscode.StatusBarAlignment.Left, 1000);
  waiting.name = 'Edgit: question waiting';
  // The status bar renders `$(icon)`: the question quotes names from tags.
  waiting.text = `$(bell-dot) ${iconSafeText(req.short)}`;
  waiting.tooltip = `${notificationLine(req.question)}\nWaiting for your answer: click to show it.`;
  waiting.command = 'notifications.showList';
  waiting.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
  waiting.show();
  try {
    // Three buttons at most fit a notification unshortened: closing it (×) is the cancel.
    const message = [req.question, 'The changes are open in the editor: read them, then answer (× cancels).', ...req.notes].map(notificationLine).join(' ');
    const choice = await vscode.window.showWarningMessage(message, ...req.answers, SHOW_CHECKS);
    if (choice === undefined) return undefined;
    return choice === SHOW_CHECKS ? 'dialog' : { answer: choice };
  } finally {
    waiting.dispose();
  }
}
