import * as vscode from 'vscode';
import { PartialPushError, TagPushPlan, partialPushLines } from '../../engine';
import { notificationLine } from '../untrustedLabels';
import { CommandResult, Failed } from './results';

export const FINISH_PUSH = 'Finish the push';
export const PUT_BACK = 'Put the landed moves back';

/** A push in groups that stopped: what landed and what did not (tag names), and what the person chose next. */
export interface PartialPushFailed extends Failed {
  readonly landed: readonly string[];
  readonly notLanded: readonly string[];
  /** The result of "Finish the push" or "Put the landed moves back" when one was chosen, else null. */
  readonly followUp: CommandResult | null;
}

export interface PartialPushReport {
  readonly plan: TagPushPlan;
  readonly error: PartialPushError;
  /** `v1.1.0 → v1.0.0` for an environment tag of the push. */
  readonly describe: (ref: string) => string | undefined;
  /** What the moves that landed and those that did not are now, here (one line). */
  readonly here: string;
  /** Asked in a dialog; false (answers given as arguments): only reported in the result. */
  readonly ask: boolean;
  /** Pushes what did not land (asks again). */
  readonly finish?: () => Promise<CommandResult>;
  /** Moves what landed back where it was, here and on the remote (asks again). */
  readonly putBack?: () => Promise<CommandResult>;
}

const tagName = (ref: string) => ref.replace(/^refs\/tags\//, '');

/**
 * A push in groups that stopped after some pushes landed: a dialog that says exactly which
 * moves landed and which did not (the engine's words, as the CLI prints them), with "Finish the
 * push" and "Put the landed moves back". Resolves when the chosen follow-up has run.
 */
export async function reportPartialPush(report: PartialPushReport): Promise<PartialPushFailed> {
  const { error: e } = report;
  const result = {
    status: 'failed' as const,
    code: e.code,
    message: e.message,
    landed: e.landed.flatMap((g) => g.tags.map(tagName)),
    notLanded: e.notLanded.flatMap((g) => g.tags.map(tagName)),
  };
  if (!report.ask) return { ...result, followUp: null };
  const detail = [...partialPushLines(report.plan, e, report.describe), report.here]
    .map((l) => notificationLine(l.replace(/^ {2}/, '\u00a0'.repeat(4))))
    .join('\n');
  const buttons = [...(report.finish ? [FINISH_PUSH] : []), ...(report.putBack ? [PUT_BACK] : [])];
  const choice = await vscode.window.showErrorMessage(notificationLine(e.message), { modal: true, detail }, ...buttons);
  const followUp = choice === FINISH_PUSH && report.finish ? await report.finish() : choice === PUT_BACK && report.putBack ? await report.putBack() : null;
  return { ...result, followUp };
}
