// Runs the extension-host test suites inside a real VS Code: code-server's Node extension host,
// its web workbench opened in headless Chromium. Exit code: 0 when the suites pass, 1 when they
// fail, 124 on timeout, 2 when the harness itself fails (code-server or Chromium died, ...),
// 130/143 on SIGINT/SIGTERM.
//
//   node out/test/harness/runInCodeServer.js [--grep <text>] [--multi-root] ...   (see options.ts)
import * as fs from 'fs';
import * as path from 'path';
import { launchChromium, saveScreenshot } from './browser';
import { startRunSession } from './runSession';
import { ensureCodeServer, installExtension, startCodeServer } from './codeServer';
import { Outcome, runExtensionTests } from './extensionTestRun';
import { createFixtureWorkspace } from './fixtureWorkspace';
import { HarnessOptions, parseOptions, REPO_ROOT, USAGE, UsageError } from './options';
import { ENV } from './testEnvironment';
import { targetFor, WorkbenchTarget, workbenchUrl } from './workbenchUrl';

/** Screenshots and the logs of failed runs go here (git-ignored). */
const ARTIFACTS_DIR = path.join(REPO_ROOT, '.vscode-test');

function log(message: string): void {
  process.stderr.write(`[test:vscode] ${message}\n`);
}

function requireBuilt(options: HarnessOptions): void {
  const missing = [path.join(REPO_ROOT, 'dist/extension.js'), options.testsPath].filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    throw new UsageError(`Not built: ${missing.join(', ')}. Run: npm run build && npm run compile-tests`);
  }
}

/** Errors of a machine without internet that say nothing about the tests. */
function isOfflineNoise(line: string): boolean {
  return /getaddrinfo (ENOTFOUND|EAI_AGAIN) (open-vsx\.org|api\.github\.com|marketplace\.visualstudio\.com)/.test(line);
}

function printTail(file: string, lines: number): void {
  if (!fs.existsSync(file)) return;
  const tail = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines);
  log(`last lines of ${file}:\n${tail.join('\n')}`);
}

async function main(): Promise<number> {
  const started = Date.now();
  const options = parseOptions(process.argv.slice(2), process.env);
  requireBuilt(options);
  const entry = ensureCodeServer(REPO_ROOT);

  const session = startRunSession({
    logDir: path.join(ARTIFACTS_DIR, 'logs', new Date().toISOString().replace(/[:.]/g, '-')),
    dataPrefix: 'edgit-code-server-',
    log,
  });
  const { logDir, dataDir, cleanup } = session;

  let outcome: Outcome;
  try {
    let target: WorkbenchTarget;
    const env: Record<string, string> = {};
    if (options.workspace) {
      target = targetFor(options.workspace);
    } else {
      const workspace = createFixtureWorkspace({ multiRoot: options.multiRoot });
      cleanup.push(() => workspace.dispose());
      target = workspace.fixture.open;
      env[ENV.fixture] = workspace.manifest;
    }
    env[ENV.workspace] = target.path;
    if (options.grep) env[ENV.grep] = options.grep;
    log(`workspace (${target.kind}): ${target.path}`);

    if (options.installVsix) {
      const installed = installExtension({ entry, dataDir, vsix: options.installVsix.file, expectedId: options.installVsix.id });
      log(`installed ${installed.id}@${installed.version}`);
    }
    const server = await startCodeServer({ entry, dataDir, env, logFile: path.join(logDir, 'code-server.log'), echo: options.verbose });
    cleanup.push(() => server.stop());
    log(`code-server listening on ${server.origin}`);

    const browser = await launchChromium(options.chromium, path.join(dataDir, 'browser-home'));
    cleanup.push(() => browser.close());
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });

    const url = workbenchUrl({ origin: server.origin, open: target, extensionDevelopmentPath: REPO_ROOT, extensionTestsPath: options.testsPath });
    log(`opening ${url}`);
    outcome = await runExtensionTests(page, {
      url,
      serverExited: server.exited,
      timeoutMs: options.timeoutMs,
      logDir: path.join(logDir, 'workbench'),
      onLine: (line) => {
        if (options.verbose || !isOfflineNoise(line)) process.stdout.write(`${line}\n`);
      },
    });
    if (session.interrupted) {
      return new Promise<number>(() => undefined); // the signal handler exits once the cleanup is done
    }

    if (outcome.code !== 0) session.keepServerLogs();
    if (outcome.code !== 0 || options.screenshotAlways) {
      await saveScreenshot(page, ARTIFACTS_DIR, outcome.code === 0 ? 'success' : 'failure').then(
        (file) => log(`screenshot: ${file}`),
        (error: unknown) => log(`no screenshot: ${String(error)}`),
      );
    }
  } catch (error) {
    outcome = { code: 2, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    await session.finish();
  }

  if (outcome.code === 0) {
    session.discardLogs();
  } else {
    if (outcome.code !== 1) printTail(path.join(logDir, 'code-server.log'), 30);
    log(`logs kept in ${logDir}`);
  }
  log(`${outcome.reason} in ${((Date.now() - started) / 1000).toFixed(1)} s → exit ${outcome.code}`);
  return outcome.code;
}

if (process.argv.includes('--help')) {
  console.log(USAGE);
} else {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      log(error instanceof UsageError ? error.message : String(error instanceof Error ? error.stack : error));
      process.exit(2);
    },
  );
}
