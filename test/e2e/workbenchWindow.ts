// One VS Code window of the suite: its own code-server (fresh user data and extensions folder,
// the extension under test installed there first) and a browser page on a folder.
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, ConsoleMessage } from 'playwright-core';
import { startCodeServer } from '../harness/codeServer';
import { workbenchUrl } from '../harness/workbenchUrl';
import { ExtensionUnderTest, prepareExtension } from './extensionUnderTest';
import { Workbench } from './workbench';

export interface WindowHost {
  readonly entry: string;
  readonly extension: ExtensionUnderTest;
  readonly browser: Browser;
  /** Each window's data goes in `<dataRoot>/<name>`. */
  readonly dataRoot: string;
  readonly logDir: string;
  /** The pages' console lines, kept for the logs of a failed run. */
  readonly consoleLines: string[];
  readonly log: (message: string) => void;
}

export interface WindowOptions {
  /** Names the window's folders and logs. */
  readonly name: string;
  readonly folder: string;
  /** Workspace trust on (Restricted Mode until the folder is trusted); default off. */
  readonly workspaceTrust?: boolean;
  /**
   * Wait until the Edgit icon is in the activity bar (default true). A trust-enabled window first
   * asks whether to trust the folder, in a modal, before anything else.
   */
  readonly waitForEdgit?: boolean;
}

export interface WorkbenchWindow {
  readonly wb: Workbench;
  readonly url: string;
  /** Closes the page and stops its code-server. */
  close(): Promise<void>;
}

/** A common laptop window: the README's pictures are taken at this size. */
export const VIEWPORT = { width: 1280, height: 800 };
/**
 * About the side bar's default width: the tree's descriptions are ordered so that what is live
 * and its drift show there (`v1.1.0 · not pushed · 2 d ago by Ana` is cut after the drift).
 */
export const SIDE_BAR_WIDTH = 300;

export async function openWorkbenchWindow(host: WindowHost, options: WindowOptions): Promise<WorkbenchWindow> {
  const dataDir = path.join(host.dataRoot, options.name);
  fs.mkdirSync(dataDir, { recursive: true });
  const developmentPath = prepareExtension(host.extension, host.entry, dataDir, host.log);
  const server = await startCodeServer({
    entry: host.entry,
    dataDir,
    env: {},
    logFile: path.join(host.logDir, `code-server-${options.name}.log`),
    echo: false,
    workspaceTrust: options.workspaceTrust,
  });
  let page;
  try {
    // UTC: the timeline's moment input and the tab titles then name the same times as the fixture.
    page = await host.browser.newPage({ viewport: VIEWPORT, timezoneId: 'UTC' });
    page.setDefaultTimeout(20_000);
    page.on('console', (message: ConsoleMessage) => host.consoleLines.push(`[${options.name}] [${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => host.consoleLines.push(`[${options.name}] [pageerror] ${error.message}`));
    const wb = new Workbench(page);
    const url = workbenchUrl({ origin: server.origin, open: { kind: 'folder', path: options.folder }, extensionDevelopmentPath: developmentPath });
    host.log(`${options.name}: opening ${url}${options.workspaceTrust ? ' (workspace trust on)' : ''}`);
    await wb.open(url, { waitForEdgit: options.waitForEdgit ?? true });
    if (options.waitForEdgit ?? true) await wb.setSideBarWidth(SIDE_BAR_WIDTH);
    const opened = page;
    return {
      wb,
      url,
      close: async () => {
        await opened.close().catch(() => undefined);
        await server.stop();
      },
    };
  } catch (error) {
    await page?.close().catch(() => undefined);
    await server.stop();
    throw error;
  }
}
