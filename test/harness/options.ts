// Options of the code-server test runner, from command-line arguments (first) or environment.
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '../../..'); // out/test/harness → repo root

export interface HarnessOptions {
  /** Module exporting `run(): Promise<void>`, loaded in the extension host. */
  testsPath: string;
  /** Mocha grep passed to the suites. */
  grep?: string;
  /** Folder or `.code-workspace` to open instead of building the fixture workspace. */
  workspace?: string;
  /** Build a two-folder `.code-workspace` fixture instead of a single folder. */
  multiRoot: boolean;
  /** Limit from opening the workbench to the end of the suites. */
  timeoutMs: number;
  /** Take a screenshot of the workbench even when the run passes. */
  screenshotAlways: boolean;
  /** Copy code-server's own output to stderr (it is always saved to a log file). */
  verbose: boolean;
  /** Browser executable. */
  chromium: string;
  /** Another extension (.vsix) installed beside Edgit before the server starts (a benchmark's baseline), and its id. */
  installVsix?: { file: string; id: string };
}

export const USAGE = `Usage: node out/test/harness/runInCodeServer.js [options]
  --grep <text>        only tests whose full title matches (env EDGIT_TEST_GREP)
  --tests <path>       extensionTestsPath module (env EDGIT_TEST_TESTS_PATH; default out/test/extension/index.js)
  --workspace <path>   open this folder or .code-workspace instead of the fixture (env EDGIT_TEST_WORKSPACE)
  --multi-root         fixture as a two-folder .code-workspace (env EDGIT_TEST_MULTI_ROOT=1)
  --timeout <ms>       limit from opening the workbench to the end of the suites, default 600000
                       (10 min; env EDGIT_TEST_TIMEOUT_MS)
  --screenshot         also save a screenshot when the run passes (env EDGIT_TEST_SCREENSHOT=always)
  --verbose            print code-server's output (env EDGIT_TEST_VERBOSE=1)
  --chromium <path>    browser, default /usr/bin/chromium (env EDGIT_TEST_CHROMIUM)
  --install-vsix <file> --install-vsix-id <publisher.name>
                       also install this extension beside Edgit (a benchmark's baseline)`;

/** A wrong command line: reported without a stack trace. */
export class UsageError extends Error {}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): HarnessOptions {
  const args = new Map<string, string | true>();
  const valued = new Set(['--grep', '--tests', '--workspace', '--timeout', '--chromium', '--install-vsix', '--install-vsix-id']);
  const flags = new Set(['--multi-root', '--screenshot', '--verbose']);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (valued.has(arg) && i + 1 < argv.length) {
      args.set(arg, argv[++i]);
    } else if (flags.has(arg)) {
      args.set(arg, true);
    } else {
      throw new UsageError(`Unknown or incomplete argument '${arg}'\n${USAGE}`);
    }
  }
  const text = (arg: string, name: string) => {
    const value = args.get(arg);
    return typeof value === 'string' ? value : env[name] || undefined;
  };
  const flag = (arg: string, name: string, on = '1') => args.get(arg) === true || env[name] === on;

  const timeout = Number(text('--timeout', 'EDGIT_TEST_TIMEOUT_MS') ?? 600_000);
  if (!Number.isFinite(timeout) || timeout <= 0) {
    throw new UsageError(`Invalid timeout: ${text('--timeout', 'EDGIT_TEST_TIMEOUT_MS')}`);
  }
  const workspace = text('--workspace', 'EDGIT_TEST_WORKSPACE');
  const vsix = args.get('--install-vsix');
  const vsixId = args.get('--install-vsix-id');
  if ((typeof vsix === 'string') !== (typeof vsixId === 'string')) throw new UsageError(`--install-vsix and --install-vsix-id go together\n${USAGE}`);
  return {
    testsPath: path.resolve(text('--tests', 'EDGIT_TEST_TESTS_PATH') ?? path.join(REPO_ROOT, 'out/test/extension/index.js')),
    grep: text('--grep', 'EDGIT_TEST_GREP'),
    workspace: workspace ? path.resolve(workspace) : undefined,
    multiRoot: flag('--multi-root', 'EDGIT_TEST_MULTI_ROOT'),
    timeoutMs: timeout,
    screenshotAlways: flag('--screenshot', 'EDGIT_TEST_SCREENSHOT', 'always'),
    verbose: flag('--verbose', 'EDGIT_TEST_VERBOSE'),
    chromium: text('--chromium', 'EDGIT_TEST_CHROMIUM') ?? '/usr/bin/chromium',
    installVsix: typeof vsix === 'string' && typeof vsixId === 'string' ? { file: path.resolve(vsix), id: vsixId } : undefined,
  };
}
