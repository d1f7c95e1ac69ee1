// Stand-ins for the dialogs and notifications of the commands under test: each question (a modal
// dialog, or a notification with buttons) is recorded and answered by the test; the rest is
// recorded as notices. Git and the repositories stay real.
import * as vscode from 'vscode';

type Window = typeof vscode.window;

export interface Answered {
  readonly modal: boolean;
  /** `warning` or `error` (a modal error: a stopped push in groups). */
  readonly kind: 'warning' | 'error';
  readonly message: string;
  readonly detail: string;
  readonly buttons: readonly string[];
}

/**
 * Stands in for the dialogs and notifications while `work` runs: each warning with answers (a
 * modal dialog, or a notification with buttons) and each modal error is recorded and answered by
 * `answer` (undefined: cancelled or closed), input boxes get `reason`, the other notifications are
 * recorded.
 */
export async function withDialogs<T>(
  answer: (asked: Answered, index: number) => string | undefined,
  work: () => Promise<T>,
  reason = '',
): Promise<{ result: T; asked: Answered[]; modals: Answered[]; notices: string[] }> {
  const win = vscode.window as { -readonly [K in keyof Window]: Window[K] };
  const saved = { warning: win.showWarningMessage, error: win.showErrorMessage, info: win.showInformationMessage, input: win.showInputBox };
  const asked: Answered[] = [];
  const notices: string[] = [];
  const ask = (kind: Answered['kind'], message: string, rest: unknown[]) => {
    const options = rest[0] && typeof rest[0] === 'object' ? (rest[0] as vscode.MessageOptions) : undefined;
    const buttons = rest.filter((r): r is string => typeof r === 'string');
    if (!options?.modal && (kind === 'error' || !buttons.length)) {
      notices.push(message);
      return Promise.resolve(undefined);
    }
    const question = { modal: !!options?.modal, kind, message, detail: options?.detail ?? '', buttons };
    asked.push(question);
    return Promise.resolve(answer(question, asked.length - 1));
  };
  win.showWarningMessage = ((message: string, ...rest: unknown[]) => ask('warning', message, rest));
  win.showErrorMessage = ((message: string, ...rest: unknown[]) => ask('error', message, rest));
  win.showInformationMessage = ((message: string) => {
    notices.push(message);
    return Promise.resolve(undefined);
  });
  win.showInputBox = (() => Promise.resolve(reason));
  try {
    return { result: await work(), asked, modals: asked.filter((a) => a.modal), notices };
  } finally {
    win.showWarningMessage = saved.warning;
    win.showErrorMessage = saved.error;
    win.showInformationMessage = saved.info;
    win.showInputBox = saved.input;
  }
}
