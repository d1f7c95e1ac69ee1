// Runs the extension-host suites in desktop VS Code through @vscode/test-electron, which
// downloads VS Code from Microsoft's update server: for machines that can reach it (and have
// a display, or xvfb-run). CI here uses test/harness/runInCodeServer.ts instead.
//
//   npm run test:electron [-- --grep <text>] [--multi-root] [--workspace <path>]
//   env VSCODE_VERSION (default 1.100.3, the VS Code of code-server 4.100.3; or "stable")
import { runTests } from '@vscode/test-electron';
import { createFixtureWorkspace, FixtureWorkspace } from './harness/fixtureWorkspace';
import { parseOptions, REPO_ROOT, UsageError } from './harness/options';
import { ENV } from './harness/testEnvironment';
import { targetFor } from './harness/workbenchUrl';

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  let workspace: FixtureWorkspace | undefined;
  try {
    workspace = options.workspace ? undefined : createFixtureWorkspace({ multiRoot: options.multiRoot });
    const open = workspace ? workspace.fixture.open : targetFor(options.workspace!);
    const env: Record<string, string> = { [ENV.workspace]: open.path };
    if (workspace) env[ENV.fixture] = workspace.manifest;
    if (options.grep) env[ENV.grep] = options.grep;

    return await runTests({
      version: process.env.VSCODE_VERSION ?? '1.100.3',
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: options.testsPath,
      extensionTestsEnv: env,
      launchArgs: [open.path, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--disable-extensions'],
    });
  } finally {
    workspace?.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof UsageError ? error.message : error);
    process.exit(1);
  },
);
