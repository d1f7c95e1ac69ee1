// `npm run demo`: the product in a real VS Code. Generates a sample Edgit repository, starts
// code-server with this extension loaded in development mode, and prints the URL to open.
//   node out/scripts/demo.js [--screenshot FILE]   (with --screenshot: opens it headless, saves a picture, exits)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureCodeServer, startCodeServer } from '../test/harness/codeServer';
import { launchChromium } from '../test/harness/browser';
import { workbenchUrl } from '../test/harness/workbenchUrl';
import { createSampleRepository } from './sampleRepository';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const screenshotAt = args.indexOf('--screenshot');
  const screenshot = screenshotAt >= 0 ? path.resolve(args[screenshotAt + 1] ?? 'demo.png') : undefined;

  const entry = ensureCodeServer(REPO_ROOT);
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'edgit-demo-')));
  const sample = await createSampleRepository(root);
  console.log(`Sample repository: ${sample.repo} (remote: ${sample.remote})`);
  const server = await startCodeServer({
    entry,
    dataDir: path.join(root, 'code-server'),
    env: {},
    logFile: path.join(root, 'code-server.log'),
    echo: false,
  });
  const url = workbenchUrl({ origin: server.origin, open: { kind: 'folder', path: sample.repo }, extensionDevelopmentPath: REPO_ROOT });
  const stop = async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  };
  process.on('SIGINT', () => void stop().then(() => process.exit(0)));
  process.on('SIGTERM', () => void stop().then(() => process.exit(0)));

  if (screenshot) {
    const home = path.join(root, 'chromium-home');
    fs.mkdirSync(home, { recursive: true });
    const browser = await launchChromium(process.env.EDGIT_TEST_CHROMIUM ?? '/usr/bin/chromium', home);
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(url);
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await page.locator('[aria-label^="Edgit"]').first().click({ timeout: 30_000 });
      await page.waitForTimeout(4_000);
      await page.screenshot({ path: screenshot });
      console.log(`Screenshot: ${screenshot}`);
    } finally {
      await browser.close();
      await stop();
    }
    return;
  }
  console.log(`\nEdgit for VS Code is running in code-server. Open:\n\n  ${url}\n\nClick the Edgit icon in the activity bar. Ctrl-C stops it.`);
}

main().catch((e) => {
  console.error(`demo: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
