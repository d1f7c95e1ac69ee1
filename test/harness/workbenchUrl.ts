// The URL that opens code-server's web workbench on a folder or workspace, optionally running
// a development extension and its extension-host tests.

export interface WorkbenchTarget {
  /** A folder (`?folder=`) or a `.code-workspace` file (`?workspace=`). */
  kind: 'folder' | 'workspace';
  path: string;
}

export interface WorkbenchUrlOptions {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  open: WorkbenchTarget;
  /** Folder of the extension to load in development mode (its package.json). */
  extensionDevelopmentPath?: string;
  /** Module exporting `run(): Promise<void>`; the window runs it and reports through `codeAutomationExit`. */
  extensionTestsPath?: string;
}

/** Absolute server-side path → URI the web workbench resolves on the server. */
function remoteUri(authority: string, absolutePath: string): string {
  return `vscode-remote://${authority}${absolutePath}`;
}

export function workbenchUrl(options: WorkbenchUrlOptions): string {
  const authority = new URL(options.origin).host;
  const payload: [string, string][] = [['skipWelcome', 'true']];
  if (options.extensionDevelopmentPath) {
    payload.push(['extensionDevelopmentPath', remoteUri(authority, options.extensionDevelopmentPath)]);
  }
  if (options.extensionTestsPath) {
    payload.push(['extensionTestsPath', remoteUri(authority, options.extensionTestsPath)]);
  }
  const url = new URL(options.origin);
  url.searchParams.set(options.open.kind, options.open.path);
  url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

/** A path ending in `.code-workspace` opens as a workspace, anything else as a folder. */
export function targetFor(openPath: string): WorkbenchTarget {
  return { kind: openPath.endsWith('.code-workspace') ? 'workspace' : 'folder', path: openPath };
}
