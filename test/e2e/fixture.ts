// The repository the UI end-to-end suite clicks through: built with TestRepo (real git, exact
// dates) next to a bare remote, every branch and tag pushed.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TestRepo } from '../helpers/gitRepo';

export const EXTRACTION = 'components/prompts/extraction';
export const EXTRACTION_FILE = 'components/prompts/extraction.md';
export const SUMMARY = 'components/prompts/summary';
export const SUMMARY_FILE = 'components/prompts/summary.md';
export const ROUTER = 'components/configs/router';
export const ROUTER_FILE = 'components/configs/router.json';

export const CONTENT = {
  extractionV1: '# Extraction\n\nExtract the invoice number.\n',
  extractionV2: '# Extraction\n\nExtract the invoice number and the total.\n',
};

export interface E2eFixture {
  /** Temporary folder holding both repositories. */
  readonly root: string;
  /** The working repository opened in the workbench (`origin` = `remote`). */
  readonly repo: TestRepo;
  /** The bare remote. */
  readonly remote: TestRepo;
  /** Commit of each version, by `<key>/<version>`. */
  readonly commits: Readonly<Record<string, string>>;
  dispose(): void;
}

/**
 * - prompts/extraction: v1.0.0 (2025-01-10), v1.1.0 (2025-02-20); production set to v1.0.0 then
 *   moved to v1.1.0 (2025-03-01), as `edgit tag set` writes it (annotated, on the version tag object).
 * - prompts/summary: v1.2.0, v1.9.0, v1.10.0 (semver order differs from string order);
 *   production at v1.10.0, staging at v1.9.0.
 * - configs/router: v0.1.0, v0.2.0; staging at v0.1.0 (moved by scenario 5 with `git tag -f`).
 */
export function createE2eFixture(): E2eFixture {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'edgit-e2e-')));
  const remote = TestRepo.init(path.join(root, 'remote.git'), { bare: true });
  const repo = TestRepo.init(path.join(root, 'repo'));
  const commits: Record<string, string> = {};
  const version = (key: string, file: string, v: string, content: string, at: string) => {
    repo.clock = at;
    commits[`${key}/${v}`] = repo.commitFile(file, content, `${path.basename(key)} ${v}`);
    repo.tagVersion(key, v);
  };

  version(EXTRACTION, EXTRACTION_FILE, 'v1.0.0', CONTENT.extractionV1, '2025-01-10T09:00:00Z');
  version(SUMMARY, SUMMARY_FILE, 'v1.2.0', '# Summary\n\nOne line.\n', '2025-01-12T09:00:00Z');
  version(ROUTER, ROUTER_FILE, 'v0.1.0', '{ "model": "small" }\n', '2025-01-14T09:00:00Z');
  repo.clock = '2025-01-15T09:00:00Z';
  repo.setEnvLikeCli(EXTRACTION, 'production', 'v1.0.0');
  repo.setEnvLikeCli(ROUTER, 'staging', 'v0.1.0');
  version(SUMMARY, SUMMARY_FILE, 'v1.9.0', '# Summary\n\nTwo lines.\n', '2025-02-01T09:00:00Z');
  version(EXTRACTION, EXTRACTION_FILE, 'v1.1.0', CONTENT.extractionV2, '2025-02-20T09:00:00Z');
  version(ROUTER, ROUTER_FILE, 'v0.2.0', '{ "model": "large" }\n', '2025-02-22T09:00:00Z');
  version(SUMMARY, SUMMARY_FILE, 'v1.10.0', '# Summary\n\nThree lines.\n', '2025-02-25T09:00:00Z');
  repo.clock = '2025-03-01T09:00:00Z';
  repo.setEnvLikeCli(EXTRACTION, 'production', 'v1.1.0');
  repo.setEnvLikeCli(SUMMARY, 'production', 'v1.10.0');
  repo.setEnvLikeCli(SUMMARY, 'staging', 'v1.9.0');
  repo.clock = null;

  repo.publishTo(remote);
  return { root, repo, remote, commits, dispose: () => fs.rmSync(root, { recursive: true, force: true }) };
}
