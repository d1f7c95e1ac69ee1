// Renders media/icon.png (the Marketplace icon, 128×128 PNG) from media/edgit.svg: the outline
// tag drawn in white on the gallery banner's colour. The PNG is committed, so packaging never
// needs a browser; run this again (`npm run icon`) after changing the SVG. Needs /usr/bin/chromium.
import { readFileSync, writeFileSync } from 'node:fs';
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

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
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
}
