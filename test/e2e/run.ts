// UI end-to-end tests: real clicks and keys in VS Code's web workbench (code-server, headless
// Chromium driven by playwright-core) with this extension INSTALLED from its packaged .vsix into a
// fresh extensions folder (as a user installs it), on a fixture repository with a bare remote and
// a deployment history. The scenarios are in scenarios.ts; `--dev` runs a development folder instead.
//
//   npm run package && npm run test:e2e [-- [--grep <text>] [--vsix <path> | --dev] [--screenshots-to <dir>]]
//   (also needs npm run build && npm run compile-tests first; npm test does both)
//
// Exit code: 0 every scenario passed (pending ones are listed), 1 a scenario failed, 2 the harness
// failed (not packaged or built, code-server or Chromium did not start), 130/143 on SIGINT/SIGTERM.
// Every scenario leaves a screenshot in .vscode-test/e2e/screenshots/; on failure the logs stay in
// .vscode-test/e2e/logs-<time>/.
import * as fs from 'fs';
import * as path from 'path';
import { inspect } from 'util';
import type { Page } from 'playwright-core';
import { launchChromium, saveScreenshot } from '../harness/browser';
import { startRunSession } from '../harness/runSession';
import { ensureCodeServer } from '../harness/codeServer';
import { ExtensionUnderTest, NotReadyError, checkReady, describeExtension, manifestOf } from './extensionUnderTest';
import { createE2eFixture } from './fixture';
import { Scenario, scenarios } from './scenarios';
import { Screenshots } from './screenshots';
import { WindowHost, WindowOptions, openWorkbenchWindow } from './workbenchWindow';

const REPO_ROOT = path.resolve(__dirname, '../../..'); // out/test/e2e → repo root
const ARTIFACTS_DIR = path.join(REPO_ROOT, '.vscode-test/e2e');
const SCREENSHOTS_DIR = path.join(ARTIFACTS_DIR, 'screenshots');
const SCENARIO_TIMEOUT_MS = 120_000;

const USAGE = `Usage: node out/test/e2e/run.js [--grep <text>] [--vsix <path> | --dev | --extension <folder>] [--screenshots-to <dir>] [--chromium <path>]
  --vsix <path>           the packaged extension to install and test (env EDGIT_E2E_VSIX), default
                          <repo>/<name>-<version>.vsix from package.json, as npm run package builds it
  --dev                   load this repository's folder in development mode instead (debugging)
  --extension <folder>    load that folder in development mode instead (env EDGIT_E2E_EXTENSION;
                          e.g. a copy with a deliberately broken dist/)
  --grep <text>           only scenarios whose name contains <text> (env EDGIT_E2E_GREP)
  --screenshots-to <dir>  also copy the README's pictures there (npm run screenshots: docs/images)
  --pending               also run the scenarios marked pending (known bugs; env EDGIT_E2E_PENDING=1)
  --chromium <path>       browser, default /usr/bin/chromium (env EDGIT_TEST_CHROMIUM)
Every scenario saves a screenshot in .vscode-test/e2e/screenshots/.`;

interface Options {
  grep?: string;
  runPending: boolean;
  extension: ExtensionUnderTest;
  screenshotsTo?: string;
  chromium: string;
}

class UsageError extends Error {}

function parseOptions(argv: string[]): Options {
  let grep = process.env.EDGIT_E2E_GREP || undefined;
  let runPending = process.env.EDGIT_E2E_PENDING === '1';
  let chromium = process.env.EDGIT_TEST_CHROMIUM || '/usr/bin/chromium';
  let vsix = process.env.EDGIT_E2E_VSIX || undefined;
  let folder = process.env.EDGIT_E2E_EXTENSION || undefined;
  let screenshotsTo: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new UsageError(`${arg} needs a value\n${USAGE}`);
      return argv[++i];
    };
    if (arg === '--grep') grep = value();
    else if (arg === '--chromium') chromium = value();
    else if (arg === '--vsix') vsix = value();
    else if (arg === '--extension') folder = value();
    else if (arg === '--dev') folder = REPO_ROOT;
    else if (arg === '--screenshots-to') screenshotsTo = path.resolve(value());
    else if (arg === '--pending') runPending = true;
    else throw new UsageError(`Unknown argument '${arg}'\n${USAGE}`);
  }
  if (vsix && folder) throw new UsageError(`Choose one: --vsix (a package) or --dev/--extension (a development folder)\n${USAGE}`);
  const manifest = manifestOf(REPO_ROOT);
  const extension: ExtensionUnderTest = folder
    ? { kind: 'development', folder: path.resolve(folder) }
    : { kind: 'vsix', vsix: path.resolve(vsix ?? manifest.packageFile), id: manifest.id };
  return { grep, runPending, extension, screenshotsTo, chromium };
}

/** Copies each window's code-server logs (extension host and the Edgit output channel included) into the log folder. */
function keepWindowLogs(dataDir: string, logDir: string): void {
  for (const name of fs.existsSync(dataDir) ? fs.readdirSync(dataDir) : []) {
    const serverLogs = path.join(dataDir, name, 'user-data/logs');
    if (fs.existsSync(serverLogs)) fs.cpSync(serverLogs, path.join(logDir, `server-${name}`), { recursive: true });
  }
}

function log(message: string): void {
  process.stderr.write(`[test:e2e] ${message}\n`);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const slug = (name: string) => name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 60).replace(/-$/, '');

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface Result {
  scenario: Scenario;
  status: 'passed' | 'failed' | 'pending';
  ms: number;
  error?: unknown;
}

async function main(): Promise<number> {
  const started = Date.now();
  const options = parseOptions(process.argv.slice(2));
  checkReady(options.extension);
  const selected = scenarios.filter((s) => !options.grep || s.name.includes(options.grep));
  if (!selected.length) {
    log(`no scenario matches --grep ${options.grep}`);
    return 2;
  }
  log(`testing ${describeExtension(options.extension)}`);
  const entry = ensureCodeServer(REPO_ROOT);

  const session = startRunSession({
    logDir: path.join(ARTIFACTS_DIR, `logs-${new Date().toISOString().replace(/[:.]/g, '-')}`),
    dataPrefix: 'edgit-e2e-code-server-',
    log,
  });
  const { logDir, dataDir, cleanup } = session;
  const screenshots = new Screenshots(SCREENSHOTS_DIR, options.screenshotsTo);

  const results: Result[] = [];
  const consoleLines: string[] = [];
  let harnessError: unknown;
  let startupMs = 0;
  let page: Page | undefined;
  try {
    const fixture = await createE2eFixture();
    cleanup.push(() => fixture.dispose());
    log(`fixture repository: ${fixture.repo.dir} (remote ${fixture.remote.dir})`);

    const browser = await launchChromium(options.chromium, path.join(dataDir, 'browser-home'));
    cleanup.push(() => browser.close());
    const host: WindowHost = { entry, extension: options.extension, browser, dataRoot: dataDir, logDir, consoleLines, log };
    const main = await openWorkbenchWindow(host, { name: 'main', folder: fixture.repo.dir });
    cleanup.push(() => main.close());
    const wb = main.wb;
    page = wb.page;
    startupMs = Date.now() - started;
    log(`workbench ready with the Edgit view container after ${seconds(startupMs)}`);

    for (const scenario of selected) {
      if (session.interrupted) break;
      if (scenario.pending && !options.runPending) {
        results.push({ scenario, status: 'pending', ms: 0 });
        log(`- PENDING ${scenario.name}\n    ${scenario.pending}`);
        continue;
      }
      const t0 = Date.now();
      // Windows a scenario opens (a second code-server) are closed after it, passed or failed.
      const opened: { close(): Promise<void> }[] = [];
      let shown: Page = wb.page;
      const ctx = {
        wb,
        fixture,
        log: (m: string) => log(`    ${m}`),
        screenshot: async (name: string, on: Page = wb.page) => {
          const file = await screenshots.take(on, name);
          log(`    screenshot ${path.relative(REPO_ROOT, file)}`);
        },
        openWindow: async (windowOptions: WindowOptions) => {
          const window = await openWorkbenchWindow(host, windowOptions);
          opened.push(window);
          shown = window.wb.page;
          return window.wb;
        },
      };
      try {
        await withTimeout(scenario.run(ctx), scenario.timeoutMs ?? SCENARIO_TIMEOUT_MS, 'the scenario');
        const ms = Date.now() - t0;
        results.push({ scenario, status: 'passed', ms });
        log(`✓ ${scenario.name} (${seconds(ms)})`);
        await screenshots.take(shown, slug(scenario.name)).catch((e: unknown) => log(`    no screenshot: ${String(e)}`));
      } catch (error) {
        if (session.interrupted) break; // the cleanup closed the browser under the scenario
        const ms = Date.now() - t0;
        results.push({ scenario, status: 'failed', ms, error });
        log(`✗ ${scenario.name} (${seconds(ms)})\n    ${String(error instanceof Error ? (error.stack ?? error.message) : error).replace(/\n/g, '\n    ')}`);
        await screenshots.take(shown, `${slug(scenario.name)}-FAILED`).then(
          (file) => log(`    screenshot: ${file}`),
          (e: unknown) => log(`    no screenshot: ${String(e)}`),
        );
      }
      for (const window of opened) await window.close().catch((e: unknown) => log(`    could not close a window: ${String(e)}`));
      // The next scenario starts from a quiet workbench whatever this one left open.
      await wb.reset().catch((e: unknown) => log(`    could not reset the workbench: ${String(e)}`));
    }
  } catch (error) {
    harnessError = error;
    if (page) {
      await saveScreenshot(page, ARTIFACTS_DIR, 'failure-harness').then(
        (file) => log(`screenshot: ${file}`),
        (e: unknown) => log(`no screenshot: ${String(e)}`),
      );
    }
  } finally {
    const failed = !!harnessError || results.some((r) => r.status === 'failed');
    if (failed) {
      fs.writeFileSync(path.join(logDir, 'workbench-console.log'), consoleLines.join('\n') + '\n');
      keepWindowLogs(dataDir, logDir);
    }
    await session.finish();
  }
  if (session.interrupted) return new Promise<number>(() => undefined); // the signal handler exits once the cleanup is done

  const count = (status: Result['status']) => results.filter((r) => r.status === status).length;
  const total = Date.now() - started;
  log(
    `${count('passed')} passed, ${count('failed')} failed, ${count('pending')} pending in ${seconds(total)} ` +
      `(startup ${seconds(startupMs)}, scenarios ${seconds(results.reduce((sum, r) => sum + r.ms, 0))})`,
  );
  log(`screenshots in ${path.relative(REPO_ROOT, SCREENSHOTS_DIR)}/`);
  if (options.screenshotsTo) {
    const missing = screenshots.missingReadmePictures();
    log(`README pictures copied to ${options.screenshotsTo}${missing.length ? `; NOT taken this run: ${missing.join(', ')}` : ''}`);
  }
  if (harnessError) {
    log(`harness failure: ${harnessError instanceof Error ? (harnessError.stack ?? harnessError.message) : inspect(harnessError)}`);
    log(`logs kept in ${logDir}`);
    return 2;
  }
  if (count('failed')) {
    log(`logs kept in ${logDir}`);
    return 1;
  }
  session.discardLogs();
  return 0;
}

if (process.argv.includes('--help')) {
  console.log(USAGE);
} else {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      // A wrong command line or a missing package: the message says what to do, no stack trace.
      const known = error instanceof UsageError || error instanceof NotReadyError;
      log(known ? error.message : error instanceof Error ? (error.stack ?? error.message) : inspect(error));
      process.exit(2);
    },
  );
}
