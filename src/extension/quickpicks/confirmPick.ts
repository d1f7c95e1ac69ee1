import * as vscode from 'vscode';

/** One answer of the confirmation pick: a move button of the confirmation, by its label. */
export interface ConfirmAction {
  /** Exactly the confirmation dialog's button label (`Roll Back and Push`). */
  readonly label: string;
  readonly icon: string;
  readonly description?: string;
}

export interface ConfirmPickOptions {
  /** The exact move, as the dialog asks it (`Roll Back queries/lookup · production: v2.0.0 → v1.1.0?`). */
  readonly title: string;
  readonly placeholder: string;
  /** The answers that move, the default first. */
  readonly actions: readonly ConfirmAction[];
  /** A toggle that keeps the pick open (`Also Mark v2.0.0 Bad`), with what it is set to. */
  readonly toggle?: { readonly label: string; readonly description: string };
}

/** What the person chose: a move (its label), the toggle, the dialog with every check again, or nothing (cancelled). */
export type ConfirmPickAnswer = { readonly action: string } | 'toggle' | 'dialog' | undefined;

interface Item extends vscode.QuickPickItem {
  readonly answer: ConfirmPickAnswer;
}

export const SHOW_CHECKS = 'Show the Checks Again';

/**
 * The confirmation after "Preview Changes": the diff is open in the editor and a modal would
 * cover it, so the question is asked in a quick pick that stays open (ignoreFocusOut) while the
 * person reads and scrolls the diff. Its title names the exact move; its answers are the dialog's
 * buttons, the default one first and active. Esc cancels.
 */
export function pickConfirmation(options: ConfirmPickOptions): Promise<ConfirmPickAnswer> {
  const items: Item[] = [
    ...options.actions.map<Item>((a) => ({ label: `$(${a.icon}) ${a.label}`, description: a.description, answer: { action: a.label } })),
    ...(options.toggle ? [{ label: `$(tag) ${options.toggle.label}`, description: options.toggle.description, answer: 'toggle' as const }] : []),
    { label: `$(checklist) ${SHOW_CHECKS}`, description: 'the confirmation dialog, with every safety check', answer: 'dialog' },
    { label: '$(close) Cancel', description: 'nothing moves', answer: undefined },
  ];
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = options.title;
  pick.placeholder = options.placeholder;
  pick.items = items;
  pick.activeItems = [items[0]];
  pick.ignoreFocusOut = true;
  pick.matchOnDescription = true;
  return new Promise<ConfirmPickAnswer>((resolve) => {
    let done = false;
    const finish = (answer: ConfirmPickAnswer) => {
      if (done) return;
      done = true;
      pick.dispose();
      resolve(answer);
    };
    pick.onDidAccept(() => {
      const chosen = pick.activeItems[0];
      if (chosen) finish(chosen.answer);
    });
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}
