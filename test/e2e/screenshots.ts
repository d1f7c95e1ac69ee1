// The pictures the suite takes: every one under .vscode-test/e2e/screenshots/<name>.png, and the
// README's (stable names) also copied to the folder given by --screenshots-to (docs/images).
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';

/** The README's pictures, each taken by the scenario that shows the feature. */
export const README_PICTURES = [
  'tree',
  'tree-receipts',
  'rollback-quick-pick',
  'rollback-confirmation',
  'partial-rollback',
  'timeline',
  'timeline-dark',
  'timeline-table',
  'timeline-stale',
  'multi-diff',
  'refused-push',
  'untrusted',
  'references-hover',
  'rollback-pins',
] as const;

export type ReadmePicture = (typeof README_PICTURES)[number];

export class Screenshots {
  private readonly taken = new Set<string>();

  /** `dir`: every picture; `publishDir`: the README's pictures too (undefined: not published). */
  constructor(
    readonly dir: string,
    readonly publishDir?: string,
  ) {
    // Old pictures of scenarios renamed or removed would mislead: each run starts empty.
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    if (publishDir) fs.mkdirSync(publishDir, { recursive: true });
  }

  /** Saves the page as `<name>.png` (README pictures are published too); returns the file. */
  async take(page: Page, name: string): Promise<string> {
    const file = path.join(this.dir, `${name}.png`);
    await page.screenshot({ path: file, timeout: 15_000 });
    this.taken.add(name);
    if (this.publishDir && (README_PICTURES as readonly string[]).includes(name)) {
      fs.copyFileSync(file, path.join(this.publishDir, `${name}.png`));
    }
    return file;
  }

  /** README pictures no scenario took in this run (a --grep run takes only some). */
  missingReadmePictures(): ReadmePicture[] {
    return README_PICTURES.filter((name) => !this.taken.has(name));
  }
}
