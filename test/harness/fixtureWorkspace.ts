// Builds the temporary workspace the extension-host suites run against, with the shared
// git test helpers (test/helpers/gitRepo.ts).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TestRepo } from '../helpers/gitRepo';
import type { EdgitFixture, TestFixture } from './testEnvironment';

export interface FixtureWorkspace {
  fixture: TestFixture;
  /** Path of the JSON file describing `fixture` (handed to the extension host). */
  manifest: string;
  dispose(): void;
}

const KEY = 'components/prompts/extraction';
const FILE = 'components/prompts/extraction.md';

/**
 * In `parentDir`: a bare remote `remote.git` and a repository `repo` with
 * - 2025-01-10 commit v1 of `components/prompts/extraction.md`, annotated tag `…/extraction/v1.0.0`;
 * - 2025-02-20 commit v2, annotated tag `…/extraction/v1.1.0`;
 * - 2025-03-01 annotated env tag `…/extraction/production` on the v1.0.0 *tag object* (nested,
 *   as `edgit tag set` writes it);
 * with `main` (tracking `origin/main`) and every tag pushed.
 */
function createEdgitRepo(parentDir: string): EdgitFixture {
  const remote = TestRepo.init(path.join(parentDir, 'remote.git'), { bare: true });
  const repo = TestRepo.init(path.join(parentDir, 'repo'));

  repo.clock = '2025-01-10T09:00:00Z';
  const v1 = repo.commitFile(FILE, '# Extraction\n\nExtract the invoice number.\n', 'Add extraction prompt');
  repo.tagVersion(KEY, 'v1.0.0');
  repo.clock = '2025-02-20T09:00:00Z';
  const v2 = repo.commitFile(FILE, '# Extraction\n\nExtract the invoice number and the total.\n', 'Extract totals too');
  repo.tagVersion(KEY, 'v1.1.0');
  repo.clock = '2025-03-01T09:00:00Z';
  repo.setEnvLikeCli(KEY, 'production', 'v1.0.0');

  repo.publishTo(remote);

  const tags: Record<string, string> = {};
  for (const slot of ['v1.0.0', 'v1.1.0', 'production']) {
    tags[`${KEY}/${slot}`] = repo.refValue(`${KEY}/${slot}`)!;
  }
  return { repo: repo.dir, remote: remote.dir, component: { key: KEY, path: FILE }, commits: { v1, v2 }, tags };
}

/**
 * Single root: opens the Edgit repository as a folder.
 * Multi root: opens `edgit.code-workspace` with the Edgit repository first and, second,
 * `plain`, a git repository without any Edgit tag.
 */
export function createFixtureWorkspace(options: { multiRoot: boolean }): FixtureWorkspace {
  // realpath: VS Code reports resolved paths (the temp folder may be behind a symlink).
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'edgit-vscode-test-')));
  const edgit = createEdgitRepo(root);
  const folders = [edgit.repo];
  let open: TestFixture['open'] = { kind: 'folder', path: edgit.repo };

  if (options.multiRoot) {
    const plain = TestRepo.init(path.join(root, 'plain'));
    plain.clock = '2025-01-10T09:00:00Z';
    plain.commitFile('README.md', '# Not an Edgit repository\n', 'Initial commit');
    folders.push(plain.dir);
    const file = path.join(root, 'edgit.code-workspace');
    fs.writeFileSync(file, JSON.stringify({ folders: folders.map((folder) => ({ path: folder })), settings: {} }, null, 2));
    open = { kind: 'workspace', path: file };
  }

  const fixture: TestFixture = { root, open, folders, edgit };
  const manifest = path.join(root, 'fixture.json');
  fs.writeFileSync(manifest, JSON.stringify(fixture, null, 2));
  return {
    fixture,
    manifest,
    dispose: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
