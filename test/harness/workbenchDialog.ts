// Answers the workbench's modal dialog for a suite (see DIALOG_REQUEST in testEnvironment.ts):
// the real dialog, read and clicked in the page as a person would.
import * as fs from 'fs';
import type { Page } from 'playwright-core';
import { DIALOG_REQUEST, DialogReport, DialogRequest } from './testEnvironment';

const DIALOG_WAIT_MS = 20_000;

/** The request a console line carries, or undefined when it is not one. */
export function dialogRequestIn(line: string): DialogRequest | undefined {
  const at = line.indexOf(DIALOG_REQUEST);
  if (at < 0) return undefined;
  try {
    const request = JSON.parse(line.slice(at + DIALOG_REQUEST.length)) as Partial<DialogRequest>;
    return typeof request.answer === 'string' && typeof request.report === 'string' ? (request as DialogRequest) : undefined;
  } catch {
    return undefined;
  }
}

/** Waits for the dialog, reports what it says, clicks `answer`; never throws (the report says what went wrong). */
export async function answerDialog(page: Page, request: DialogRequest): Promise<void> {
  let report: DialogReport;
  try {
    const box = page.locator('.monaco-dialog-box');
    await box.waitFor({ state: 'visible', timeout: DIALOG_WAIT_MS });
    const text = async (selector: string) => ((await box.locator(selector).allInnerTexts())[0] ?? '').trim();
    const buttons = (await box.locator('.dialog-buttons .monaco-button').allInnerTexts()).map((b) => b.trim());
    report = { message: await text('.dialog-message-text'), detail: await text('.dialog-message-detail'), buttons };
    if (buttons.includes(request.answer)) {
      await box.locator('.dialog-buttons .monaco-button', { hasText: request.answer }).first().click();
    } else {
      report = { ...report, error: `no button "${request.answer}"` };
    }
  } catch (e) {
    report = { message: '', detail: '', buttons: [], error: e instanceof Error ? e.message : String(e) };
  }
  fs.writeFileSync(request.report, JSON.stringify(report));
}
