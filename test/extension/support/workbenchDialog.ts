// Answers the workbench's own modal dialog (not the extension host's showWarningMessage: the one
// the workbench shows itself, e.g. the confirmation of vscode.lm.invokeTool) through the harness,
// which reads it and clicks the button in the page (test/harness/workbenchDialog.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DIALOG_REQUEST, DialogReport, DialogRequest } from '../../harness/testEnvironment';
import { tempDir } from '../../helpers/gitRepo';
import { waitFor } from './edgitApi';

/**
 * Asks the harness to click `answer` in the next workbench dialog; resolves with what the dialog
 * said once it was clicked (or why it was not: no dialog came, no such button).
 */
export async function answerWorkbenchDialog(answer: string): Promise<DialogReport> {
  const report = path.join(tempDir('edgit-dialog-'), 'report.json');
  const request: DialogRequest = { answer, report };
  console.log(`${DIALOG_REQUEST}${JSON.stringify(request)}`);
  // Parsed in the probe: a report read while still being written is read again.
  return waitFor('the harness to answer the workbench dialog', () => (fs.existsSync(report) ? (JSON.parse(fs.readFileSync(report, 'utf8')) as DialogReport) : undefined), 30_000);
}
