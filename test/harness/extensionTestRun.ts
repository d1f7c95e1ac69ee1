// One extension-test run in the web workbench: VS Code calls `window.codeAutomationLog` for each
// console line and `window.codeAutomationExit` once the `extensionTestsPath` module's `run()`
// settles (0 resolved, 1 rejected). This settles with the first way the run ends.
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { format } from 'util';

/** How a run ended; `code` is the runner's exit code. */
export interface Outcome {
  code: number;
  reason: string;
}

export interface ExtensionTestRunOptions {
  /** The workbench URL carrying the `extensionTestsPath` payload. */
  url: string;
  /** Settles if code-server exits. */
  serverExited: Promise<unknown>;
  timeoutMs: number;
  /** Where the workbench's own log files go (they come with codeAutomationExit). */
  logDir: string;
  /** Receives each console line of the window. */
  onLine(line: string): void;
}

export async function runExtensionTests(page: Page, options: ExtensionTestRunOptions): Promise<Outcome> {
  let reportExit!: (outcome: Outcome) => void;
  const exitReported = new Promise<Outcome>((resolve) => (reportExit = resolve));
  // Both functions must exist before the page loads: the workbench looks them up on `window`.
  await page.exposeFunction('codeAutomationExit', (code: number, logs: unknown) => {
    saveWorkbenchLogs(options.logDir, logs);
    reportExit(code === 0 ? { code: 0, reason: 'suites passed' } : { code: 1, reason: `suites failed (exit ${code})` });
  });
  await page.exposeFunction('codeAutomationLog', (level: string, args: unknown) => options.onLine(formatLine(level, args)));

  let timer: NodeJS.Timeout | undefined;
  const outcomes: Promise<Outcome>[] = [
    exitReported,
    options.serverExited.then((code) => ({ code: 2, reason: `code-server exited unexpectedly (${String(code)})` })),
    new Promise((resolve) => page.on('crash', () => resolve({ code: 2, reason: 'the workbench page crashed' }))),
    new Promise((resolve) => page.context().browser()?.on('disconnected', () => resolve({ code: 2, reason: 'Chromium exited unexpectedly' }))),
    new Promise((resolve) => {
      timer = setTimeout(() => resolve({ code: 124, reason: `timed out after ${options.timeoutMs} ms` }), options.timeoutMs);
    }),
    page.goto(options.url, { waitUntil: 'domcontentloaded', timeout: 60_000 }).then(
      () => new Promise<Outcome>(() => undefined), // a loaded page is not an outcome
      (error: Error) => ({ code: 2, reason: `could not open the workbench: ${error.message}` }),
    ),
  ];
  try {
    return await Promise.race(outcomes);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One console call of the window (workbench or extension host: VS Code does not tell them
 * apart) → a line. The arguments arrive unformatted, so mocha's "%s%s" formats are applied here.
 */
function formatLine(level: string, args: unknown): string {
  const text = Array.isArray(args) ? format(...(args as unknown[])) : String(args);
  return level === 'info' ? text : `[${level}] ${text}`;
}

function saveWorkbenchLogs(dir: string, logs: unknown): void {
  if (!Array.isArray(logs)) return;
  for (const entry of logs as { relativePath?: unknown; contents?: unknown }[]) {
    if (typeof entry.relativePath !== 'string' || typeof entry.contents !== 'string') continue;
    const file = path.join(dir, entry.relativePath);
    if (!file.startsWith(dir + path.sep)) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, entry.contents);
  }
}
