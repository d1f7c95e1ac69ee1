// Headless Chromium (the system's, never a downloaded one) driven by playwright-core.
import * as fs from 'fs';
import * as path from 'path';
import { Browser, chromium, Page } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--no-sandbox', // we run as root in containers
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** `home`: a throwaway folder Chromium uses as $HOME (crash reports, dconf), instead of ours. */
export async function launchChromium(executablePath: string, home: string): Promise<Browser> {
  if (!fs.existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath} (apt-get install -y chromium, or set EDGIT_TEST_CHROMIUM)`);
  }
  // The runner handles signals itself: it closes the browser as one of its cleanup steps.
  return chromium.launch({
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_CACHE_HOME: path.join(home, '.cache') },
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

/** Saves a full-window screenshot as `<dir>/<name>-<timestamp>.png` and returns its path. */
export async function saveScreenshot(page: Page, dir: string, name: string): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.png`);
  await page.screenshot({ path: file, timeout: 15_000 });
  return file;
}
