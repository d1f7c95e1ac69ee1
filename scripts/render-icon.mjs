// Renders media/icon.png (the Marketplace icon, 128×128 PNG) from media/edgit.svg: the outline
// tag drawn in white on the gallery banner's colour. The PNG is committed, so packaging never
// needs a browser; run this again (`npm run icon`) after changing the SVG. Needs the system's Chromium
// (/usr/bin/chromium, or EDGIT_TEST_CHROMIUM), given a throwaway $HOME.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const background = manifest.galleryBanner?.color;
if (!/^#[0-9a-fA-F]{6}$/.test(background ?? '')) {
  console.error('render-icon: package.json needs galleryBanner.color as #rrggbb (the icon is drawn on it).');
  process.exit(1);
}
const SIZE = 128;
const svg = readFileSync(join(root, 'media', 'edgit.svg'), 'utf8')
  .replace(/\swidth="[^"]*"/, ' width="88"')
  .replace(/\sheight="[^"]*"/, ' height="88"');

const page = `<!DOCTYPE html><html><head><style>
  html, body { margin: 0; padding: 0; background: transparent; }
  #icon { width: ${SIZE}px; height: ${SIZE}px; border-radius: 22px; background: ${background};
          color: #ffffff; display: flex; align-items: center; justify-content: center; }
  svg { display: block; }
</style></head><body><div id="icon">${svg}</div></body></html>`;

const executablePath = process.env.EDGIT_TEST_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`render-icon: Chromium not found at ${executablePath} (apt-get install -y chromium, or set EDGIT_TEST_CHROMIUM).`);
  process.exit(1);
}
const home = mkdtempSync(join(tmpdir(), 'edgit-render-icon-'));
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache') },
});
try {
  const tab = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await tab.setContent(page);
  const png = await tab.locator('#icon').screenshot({ omitBackground: true });
  const out = join(root, 'media', 'icon.png');
  writeFileSync(out, png);
  console.log(`render-icon: wrote ${out} (${SIZE}×${SIZE}, ${png.length} bytes)`);
} finally {
  await browser.close();
  rmSync(home, { recursive: true, force: true });
}
