// The contract between a test runner (code-server harness or test-electron) and the suites
// running in the extension host: environment variables set on the VS Code process, inherited
// by its extension host. Keep this file free of heavy imports: the extension host loads it.
import * as fs from 'fs';

export const ENV = {
  /** The folder or `.code-workspace` file opened in the window. */
  workspace: 'EDGIT_TEST_WORKSPACE',
  /** Path of a JSON file holding the `TestFixture` the harness built (absent for a user-chosen workspace). */
  fixture: 'EDGIT_TEST_FIXTURE',
  /** Mocha `grep` for the extension-host suites. */
  grep: 'EDGIT_TEST_GREP',
} as const;

/** The Edgit repository of the fixture workspace (see fixtureWorkspace.ts for its history). */
export interface EdgitFixture {
  /** Working repository, `origin` = `remote`, `main` and every tag pushed. */
  repo: string;
  /** Bare repository acting as the shared remote. */
  remote: string;
  /** The component: key `components/prompts/extraction`, file `components/prompts/extraction.md`. */
  component: { key: string; path: string };
  /** Commits of v1.0.0 and v1.1.0. */
  commits: { v1: string; v2: string };
  /** Tag name → the object its ref names (a tag object: every fixture tag is annotated). */
  tags: Record<string, string>;
}

export interface TestFixture {
  /** Temporary folder holding everything below; removed after the run. */
  root: string;
  /** What the window opened: a folder, or a `.code-workspace` file listing `folders`. */
  open: { kind: 'folder' | 'workspace'; path: string };
  /** Workspace folders in order; `folders[0]` is `edgit.repo`. */
  folders: string[];
  /** The Edgit repository (first folder) and its bare remote. */
  edgit: EdgitFixture;
}

/** Inside the extension host: the fixture the harness built, or undefined for a user-chosen workspace. */
export function readTestFixture(): TestFixture | undefined {
  const file = process.env[ENV.fixture];
  return file ? (JSON.parse(fs.readFileSync(file, 'utf8')) as TestFixture) : undefined;
}

/** Inside the extension host: the fixture, failing clearly when the run has none. */
export function requireTestFixture(): TestFixture {
  const fixture = readTestFixture();
  if (!fixture) {
    throw new Error(`${ENV.fixture} is not set: run the suites through the test harness (npm run test:vscode)`);
  }
  return fixture;
}
