// Which build of the extension the end-to-end suite runs: the packaged .vsix installed as a user
// installs it (the default), or a development folder loaded with extensionDevelopmentPath
// (for debugging: no packaging step, source maps).
import * as fs from 'fs';
import * as path from 'path';
import { installExtension } from '../harness/codeServer';

export type ExtensionUnderTest =
  | { readonly kind: 'vsix'; readonly vsix: string; readonly id: string }
  | { readonly kind: 'development'; readonly folder: string };

/** The manifest fields that name the extension and its package. */
export function manifestOf(folder: string): { id: string; version: string; packageFile: string } {
  const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  return {
    id: `${manifest.publisher}.${manifest.name}`,
    version: manifest.version,
    // What `vsce package` names it by default (and `npm run package` builds).
    packageFile: path.join(folder, `${manifest.name}-${manifest.version}.vsix`),
  };
}

/** A precondition the runner reports with exit code 2 and the command that fixes it. */
export class NotReadyError extends Error {}

/** Checks that what is to be tested exists; says what to run when it does not. */
export function checkReady(ext: ExtensionUnderTest): void {
  if (ext.kind === 'vsix') {
    if (!fs.existsSync(ext.vsix)) throw new NotReadyError(`Not packaged: ${ext.vsix} does not exist. Run: npm run package`);
    return;
  }
  const main = path.join(ext.folder, 'dist/extension.js');
  if (!fs.existsSync(main)) throw new NotReadyError(`Not built: ${main}. Run: npm run build && npm run compile-tests`);
}

/**
 * Readies a code-server data folder for the extension before the server starts there: installs the
 * .vsix into its fresh extensions folder and checks it is listed. Returns the
 * extensionDevelopmentPath for the workbench URL (undefined for an installed extension).
 */
export function prepareExtension(ext: ExtensionUnderTest, entry: string, dataDir: string, log: (message: string) => void): string | undefined {
  if (ext.kind === 'development') return ext.folder;
  const started = Date.now();
  const installed = installExtension({ entry, dataDir, vsix: ext.vsix, expectedId: ext.id });
  log(`installed ${path.basename(ext.vsix)}: --list-extensions names ${installed.id}@${installed.version} (${Date.now() - started} ms)`);
  return undefined;
}

export function describeExtension(ext: ExtensionUnderTest): string {
  return ext.kind === 'vsix' ? `the packaged ${ext.vsix} (${ext.id}), installed` : `the development folder ${ext.folder}`;
}
