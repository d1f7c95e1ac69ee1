// Installs (once, cached) and runs code-server: VS Code's server and web workbench.
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const CODE_SERVER_VERSION = '4.100.3';

/** Runs scripts/install-code-server.sh (a no-op when the cache is complete); returns the install folder. */
export function ensureCodeServer(repoRoot: string): string {
  const result = spawnSync('bash', [path.join(repoRoot, 'scripts/install-code-server.sh')], {
    env: { ...process.env, CODE_SERVER_VERSION },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`scripts/install-code-server.sh failed (exit ${result.status ?? result.signal})`);
  }
  const dir = result.stdout.trim().split('\n').pop() ?? '';
  const entry = path.join(dir, 'node_modules/code-server/out/node/entry.js');
  if (!fs.existsSync(entry)) {
    throw new Error(`code-server entry point not found: ${entry}`);
  }
  return entry;
}

export interface CodeServerOptions {
  entry: string;
  /** Holds user-data and extensions folders; the caller removes it. */
  dataDir: string;
  /** Extra environment for the server, inherited by its extension host. */
  env: Record<string, string>;
  /** code-server's stdout and stderr go here. */
  logFile: string;
  /** Also copy the output to our stderr. */
  echo: boolean;
  startTimeoutMs?: number;
  /**
   * Workspace trust as a user gets it (`security.workspace.trust.enabled`, no
   * `--disable-workspace-trust`): a folder opens in Restricted Mode until trusted. Default off.
   */
  workspaceTrust?: boolean;
}

export interface CodeServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** `127.0.0.1:PORT`, the authority of `vscode-remote://` URIs. */
  authority: string;
  /** Settles when the process exits, with its exit code (or signal name). */
  exited: Promise<number | string>;
  /** Stops the server and every process it started (extension host, pty host, watchers). */
  stop(): Promise<void>;
}

/** Settings that keep a test window quiet and deterministic. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'git.autofetch': false,
  'git.openRepositoryInParentFolders': 'never',
  // The theme follows the browser's color scheme (light unless a test emulates dark): a picture
  // can be taken in both themes without the theme picker, which would close an open quick pick or dialog.
  'window.autoDetectColorScheme': true,
  'workbench.preferredLightColorTheme': 'Default Light Modern',
  'workbench.preferredDarkColorTheme': 'Default Dark Modern',
};

/** Where a code-server run under `dataDir` keeps its user data, extensions and config file. */
export function codeServerPaths(dataDir: string): { userDataDir: string; extensionsDir: string; configFile: string } {
  return {
    userDataDir: path.join(dataDir, 'user-data'),
    extensionsDir: path.join(dataDir, 'extensions'),
    // Our own config file, or code-server writes a default one (with a password) under ~/.config.
    configFile: path.join(dataDir, 'config.yaml'),
  };
}

function prepareDataDir(dataDir: string): void {
  const { userDataDir, extensionsDir, configFile } = codeServerPaths(dataDir);
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  if (!fs.existsSync(configFile)) fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
}

/** Keeps our home clean: code-server's wrapper writes under $XDG_DATA_HOME, VS Code a device id under $XDG_CACHE_HOME. */
function serverEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // (HOME stays: git in the extension host needs ~/.gitconfig.)
  return { ...process.env, XDG_DATA_HOME: path.join(dataDir, 'xdg-data'), XDG_CACHE_HOME: path.join(dataDir, 'xdg-cache'), ...extra };
}

export interface InstalledExtension {
  /** `<publisher>.<name>` as `--list-extensions` prints it. */
  readonly id: string;
  readonly version: string;
  /** What `--list-extensions --show-versions` printed, one extension a line. */
  readonly listed: readonly string[];
}

/**
 * Installs a packaged extension (.vsix) into the extensions folder of `dataDir` the way a user
 * does (`code-server --install-extension`), before the server starts there, and checks with
 * `--list-extensions` that `<publisher>.<name>` of its manifest is now installed.
 */
export function installExtension(options: { entry: string; dataDir: string; vsix: string; expectedId: string }): InstalledExtension {
  prepareDataDir(options.dataDir);
  const { userDataDir, extensionsDir, configFile } = codeServerPaths(options.dataDir);
  const base = [options.entry, '--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [...base, ...args], { env: serverEnv(options.dataDir), encoding: 'utf8', timeout: 120_000 });
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    if (result.status !== 0) throw new Error(`code-server ${args.join(' ')} failed (exit ${result.status ?? result.signal}):\n${output}`);
    return result.stdout ?? '';
  };
  run('--install-extension', options.vsix);
  const listed = run('--list-extensions', '--show-versions')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[\w-]+\.[\w-]+@/.test(l));
  const mine = listed.find((l) => l.toLowerCase().startsWith(`${options.expectedId.toLowerCase()}@`));
  if (!mine) {
    throw new Error(`${options.vsix} was installed, but --list-extensions does not name ${options.expectedId} (it lists: ${listed.join(', ') || 'nothing'})`);
  }
  const [id, version] = mine.split('@');
  return { id, version, listed };
}

/**
 * Starts code-server on 127.0.0.1 with a port chosen by the OS (port 0; the real one is read
 * from its "HTTP server listening on" line), no auth, and fresh user-data/extensions folders.
 */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  prepareDataDir(options.dataDir);
  const { userDataDir, extensionsDir, configFile } = codeServerPaths(options.dataDir);
  const trust = options.workspaceTrust === true;
  const settings = { ...USER_SETTINGS, 'security.workspace.trust.enabled': trust };
  fs.writeFileSync(path.join(userDataDir, 'User/settings.json'), JSON.stringify(settings, null, 2));

  const args = [
    options.entry,
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', '127.0.0.1:0',
    '--disable-telemetry',
    '--disable-update-check',
    ...(trust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  // detached: own process group, so stop() can signal the server and all its children at once.
  const child = spawn(process.execPath, args, {
    env: serverEnv(options.dataDir, options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const log = fs.createWriteStream(options.logFile);
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const killGroup = () => signalGroup(child, 'SIGKILL');
  process.on('exit', killGroup); // last resort if the runner dies without stop()

  const origin = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`code-server did not start within ${options.startTimeoutMs ?? 60_000} ms`)), options.startTimeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      if (options.echo) process.stderr.write(chunk);
      output += chunk.toString();
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code}) before listening; see ${options.logFile}`));
    });
  }).catch(async (error: unknown) => {
    await stopProcessGroup(child, exited);
    throw error;
  });

  return {
    origin,
    authority: new URL(origin).host,
    exited,
    stop: async () => {
      await stopProcessGroup(child, exited);
      process.off('exit', killGroup);
      log.end();
    },
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // the group is already gone
  }
}

/** SIGTERM the process group, SIGKILL it if the server has not exited after 5 s. */
async function stopProcessGroup(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  signalGroup(child, 'SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), delay(5_000).then(() => true)]);
  // Children (extension host, pty host) may outlive the server: always finish the group.
  signalGroup(child, 'SIGKILL');
  if (timedOut) await exited;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
