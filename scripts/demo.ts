// `npm run demo`: the product in a real VS Code. Checks the system packages it needs, generates
// the sample Edgit repository (the playbook's incident, see sampleStory.ts), installs the packaged
// .vsix into a fresh code-server (as a user installs it), starts it, and prints the address to
// open and how to install the same .vsix into desktop VS Code.
//   node out/scripts/demo.js [--screenshot FILE]   (with --screenshot: opens it headless, saves a picture, exits)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureCodeServer, installExtension, startCodeServer } from '../test/harness/codeServer';
import { launchChromium } from '../test/harness/browser';
import { workbenchUrl } from '../test/harness/workbenchUrl';
import { Workbench } from '../test/e2e/workbench';
import { missingDemoPackages, missingPackagesLine } from './demoPrerequisites';
import { createSampleRepository } from './sampleRepository';
import { INCIDENT_REASON, PARTIAL_ROLLBACK, PRODUCTION_BREAKS, TUESDAY_RELEASE } from './sampleStory';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

const MANIFEST = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string; publisher: string };

/** The packaged extension `npm run package` writes: `edgit-vscode-<version>.vsix` at the repository root. */
function packagedExtension(): string {
  return path.join(REPO_ROOT, `${MANIFEST.name}-${MANIFEST.version}.vsix`);
}

function installLines(): string[] {
  const vsix = packagedExtension();
  return fs.existsSync(vsix)
    ? [`Packaged extension: ${vsix}`, `Install it into desktop VS Code with:  code --install-extension ${vsix}`]
    : [`No packaged extension yet: \`npm run package\` builds ${vsix}`, `then install it into desktop VS Code with:  code --install-extension ${vsix}`];
}

const utc = (iso: string) => iso.slice(0, 16).replace('T', ' ');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const screenshotAt = args.indexOf('--screenshot');
  const screenshot = screenshotAt >= 0 ? path.resolve(args[screenshotAt + 1] ?? 'demo.png') : undefined;

  const chromiumPath = process.env.EDGIT_TEST_CHROMIUM ?? '/usr/bin/chromium';
  const missing = missingDemoPackages({ screenshot: !!screenshot, chromium: chromiumPath });
  if (missing.length) {
    console.error(missingPackagesLine(missing));
    process.exit(1);
  }

  const entry = ensureCodeServer(REPO_ROOT);
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'edgit-demo-')));
  const started = Date.now();
  let sample: ReturnType<typeof createSampleRepository>;
  try {
    sample = createSampleRepository(root);
  } catch (e) {
    fs.rmSync(root, { recursive: true, force: true });
    throw e;
  }
  console.log(`Sample repository: ${sample.repo} (remote: ${sample.remote}), generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(
    `The story (UTC): on Tuesday ${utc(TUESDAY_RELEASE)} three components go to production in one batch; production breaks at ${utc(PRODUCTION_BREAKS).slice(11)};` +
      ` at ${utc(PARTIAL_ROLLBACK).slice(11)} Bea rolls back prompts/analysis alone ("${INCIDENT_REASON}"). Open the timeline at ${utc(PRODUCTION_BREAKS)} to see it.`,
  );
  const vsix = packagedExtension();
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` (npm run demo does).`);
  const installed = installExtension({ entry, dataDir: path.join(root, 'code-server'), vsix, expectedId: `${MANIFEST.publisher}.${MANIFEST.name}` });
  console.log(`Installed ${installed.id}@${installed.version} from ${path.basename(vsix)} into the demo's code-server.`);
  const server = await startCodeServer({
    entry,
    dataDir: path.join(root, 'code-server'),
    env: {},
    logFile: path.join(root, 'code-server.log'),
    echo: false,
  });
  const url = workbenchUrl({ origin: server.origin, open: { kind: 'folder', path: sample.repo } });
  const stop = async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  };
  process.on('SIGINT', () => void stop().then(() => process.exit(0)));
  process.on('SIGTERM', () => void stop().then(() => process.exit(0)));

  if (screenshot) {
    const home = path.join(root, 'chromium-home');
    fs.mkdirSync(home, { recursive: true });
    const browser = await launchChromium(chromiumPath, home);
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const workbench = new Workbench(page);
      await workbench.open(url);
      await workbench.showEdgitView();
      // The incident's aftermath: prompts/analysis expanded, and the rollback quick pick of its production.
      try {
        await workbench.expand(['prompts', 'analysis']);
        await workbench.inlineAction(['prompts', 'analysis', 'production'], 'Rollback…');
        await workbench.waitForQuickTitle(/^Rollback/);
        await page.waitForTimeout(1_000);
      } catch (e) {
        console.error(`demo: the screenshot shows the tree only: ${e instanceof Error ? e.message : String(e)}`);
      }
      await page.screenshot({ path: screenshot });
      console.log(`Screenshot: ${screenshot}`);
      for (const line of installLines()) console.log(line);
    } finally {
      await browser.close();
      await stop();
    }
    return;
  }
  console.log(`\nEdgit for VS Code is running in code-server at ${server.origin}. Open:\n\n  ${url}\n\nClick the Edgit icon in the activity bar. Ctrl-C stops it.\n`);
  for (const line of installLines()) console.log(line);
}

main().catch((e) => {
  console.error(`demo: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
