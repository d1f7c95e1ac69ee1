// The system packages `npm run demo` needs, checked by looking for their binaries and headers
// (works without dpkg too): git for everything, libkrb5-dev and ripgrep for code-server,
// chromium only for --screenshot.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Whether an executable named `name` is on PATH. */
export function onPath(name: string, searchPath = process.env.PATH ?? ''): boolean {
  return searchPath
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        fs.accessSync(path.join(dir, name), fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

export interface PrerequisiteOptions {
  readonly screenshot: boolean;
  /** The browser the screenshot uses. */
  readonly chromium: string;
}

/** The Debian/Ubuntu packages that are missing, in install order; empty when the demo can run. */
export function missingDemoPackages(options: PrerequisiteOptions): string[] {
  const missing: string[] = [];
  if (!onPath('git')) missing.push('git');
  if (!fs.existsSync('/usr/include/krb5.h') && !onPath('krb5-config')) missing.push('libkrb5-dev');
  if (!onPath('rg')) missing.push('ripgrep');
  if (options.screenshot && !fs.existsSync(options.chromium)) missing.push('chromium');
  return missing;
}

/** The one line that names what is missing and how to install it. */
export function missingPackagesLine(missing: readonly string[]): string {
  return `demo: missing system package${missing.length === 1 ? '' : 's'} ${missing.join(', ')}; install with: sudo apt-get install -y ${missing.join(' ')}`;
}
