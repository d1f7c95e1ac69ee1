// UI end-to-end tests: real clicks and keys in VS Code's web workbench (code-server, headless
// Chromium driven by playwright-core) with this extension loaded in development mode, on a
// fixture repository with a bare remote. The scenarios are in scenarios.ts.
//
//   npm run test:e2e [-- [--grep <text>] [--screenshot] [--pending] [--extension <path>]]
//   (needs npm run build && npm run compile-tests first; npm test does both)
//
// Exit code: 0 every scenario passed (pending ones are listed), 1 a scenario failed, 2 the harness
// failed (not built, code-server or Chromium did not start), 130/143 on SIGINT/SIGTERM.
// On failure: a screenshot per failed scenario and the logs in .vscode-test/e2e/.
import * as fs from 'fs';
import * as path from 'path';
import { inspect } from 'util';
import type { ConsoleMessage, Page } from 'playwright-core';
import { launchChromium, saveScreenshot } from '../harness/browser';
import { startRunSession } from '../harness/runSession';
import { ensureCodeServer, startCodeServer } from '../harness/codeServer';
import { workbenchUrl } from '../harness/workbenchUrl';
import { createE2eFixture } from './fixture';
import { Scenario, scenarios } from './scenarios';
import { Workbench } from './workbench';

const REPO_ROOT = path.resolve(__dirname, '../../..'); // out/test/e2e → repo root
const ARTIFACTS_DIR = path.join(REPO_ROOT, '.vscode-test/e2e');
const SCENARIO_TIMEOUT_MS = 90_000;

const USAGE = `Usage: node out/test/e2e/run.js [--grep <text>] [--screenshot] [--extension <path>] [--chromium <path>]
  --grep <text>      only scenarios whose name contains <text> (env EDGIT_E2E_GREP)
  --screenshot       also save a screenshot after each passing scenario
  --pending          also run the scenarios marked pending (known bugs; env EDGIT_E2E_PENDING=1)
  --extension <path> extension folder loaded in development mode, default this repository
                     (env EDGIT_E2E_EXTENSION; e.g. a copy with a deliberately broken dist/)
  --chromium <path>  browser, default /usr/bin/chromium (env EDGIT_TEST_CHROMIUM)`;

interface Options {
  grep?: string;
  screenshotAlways: boolean;
  runPending: boolean;
  extension: string;
  chromium: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    grep: process.env.EDGIT_E2E_GREP || undefined,
    screenshotAlways: false,
    runPending: process.env.EDGIT_E2E_PENDING === '1',
    extension: process.env.EDGIT_E2E_EXTENSION || REPO_ROOT,
    chromium: process.env.EDGIT_TEST_CHROMIUM || '/usr/bin/chromium',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--grep' && i + 1 < argv.length) options.grep = argv[++i];
    else if (arg === '--chromium' && i + 1 < argv.length) options.chromium = argv[++i];
    else if (arg === '--extension' && i + 1 < argv.length) options.extension = argv[++i];
    else if (arg === '--screenshot') options.screenshotAlways = true;
    else if (arg === '--pending') options.runPending = true;
    else throw new Error(`Unknown or incomplete argument '${arg}'\n${USAGE}`);
  }
  options.extension = path.resolve(options.extension);
  return options;
}

function log(message: string): void {
  process.stderr.write(`[test:e2e] ${message}\n`);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const slug = (name: string) => name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 60);

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
  const extensionMain = path.join(options.extension, 'dist/extension.js');
  if (!fs.existsSync(extensionMain)) {
    log(`Not built: ${extensionMain}. Run: npm run build && npm run compile-tests`);
    return 2;
  }
  const selected = scenarios.filter((s) => !options.grep || s.name.includes(options.grep));
  if (!selected.length) {
    log(`no scenario matches --grep ${options.grep}`);
    return 2;
  }
  const entry = ensureCodeServer(REPO_ROOT);

  const session = startRunSession({
    logDir: path.join(ARTIFACTS_DIR, `logs-${new Date().toISOString().replace(/[:.]/g, '-')}`),
    dataPrefix: 'edgit-e2e-code-server-',
    log,
  });
  const { logDir, dataDir, cleanup } = session;

  const results: Result[] = [];
  const consoleLines: string[] = [];
  let harnessError: unknown;
  let startupMs = 0;
  let page: Page | undefined;
  try {
    const fixture = createE2eFixture();
    cleanup.push(() => fixture.dispose());
    log(`fixture repository: ${fixture.repo.dir} (remote ${fixture.remote.dir})`);

    const server = await startCodeServer({ entry, dataDir, env: {}, logFile: path.join(logDir, 'code-server.log'), echo: false });
    cleanup.push(() => server.stop());
    const browser = await launchChromium(options.chromium, path.join(dataDir, 'browser-home'));
    cleanup.push(() => browser.close());
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(20_000);
    page.on('console', (message: ConsoleMessage) => consoleLines.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.message}`));

    const wb = new Workbench(page);
    const url = workbenchUrl({ origin: server.origin, open: { kind: 'folder', path: fixture.repo.dir }, extensionDevelopmentPath: options.extension });
    log(`opening ${url}`);
    await wb.open(url);
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
      try {
        await withTimeout(scenario.run({ wb, fixture, log: (m) => log(`    ${m}`) }), SCENARIO_TIMEOUT_MS, 'the scenario');
        const ms = Date.now() - t0;
        results.push({ scenario, status: 'passed', ms });
        log(`✓ ${scenario.name} (${seconds(ms)})`);
        if (options.screenshotAlways) await saveScreenshot(page, ARTIFACTS_DIR, `passed-${slug(scenario.name)}`);
      } catch (error) {
        if (session.interrupted) break; // the cleanup closed the browser under the scenario
        const ms = Date.now() - t0;
        results.push({ scenario, status: 'failed', ms, error });
        log(`✗ ${scenario.name} (${seconds(ms)})\n    ${String(error instanceof Error ? (error.stack ?? error.message) : error).replace(/\n/g, '\n    ')}`);
        await saveScreenshot(page, ARTIFACTS_DIR, `failure-${slug(scenario.name)}`).then(
          (file) => log(`    screenshot: ${file}`),
          (e: unknown) => log(`    no screenshot: ${String(e)}`),
        );
      }
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
      session.keepServerLogs();
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
      log(String(error instanceof Error ? error.message : error));
      process.exit(2);
    },
  );
}
