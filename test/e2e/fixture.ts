// The repository the UI end-to-end suite clicks through: built with TestRepo (real git, exact
// dates) next to a bare remote, every branch and tag pushed, with a recorded deployment history.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TestRepo } from '../helpers/gitRepo';
import { deploy } from '../helpers/historyFixtures';

export const EXTRACTION = 'components/prompts/extraction';
export const EXTRACTION_FILE = 'components/prompts/extraction.md';
export const SUMMARY = 'components/prompts/summary';
export const SUMMARY_FILE = 'components/prompts/summary.md';
export const ROUTER = 'components/configs/router';
export const ROUTER_FILE = 'components/configs/router.json';
export const LOOKUP = 'components/queries/lookup';
export const LOOKUP_FILE = 'components/queries/lookup.sql';

/** The past moment the timeline scenario travels to: after lookup v2.0.0 went to production. */
export const PAST_MOMENT = '2025-03-05T14:47:00Z';

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
  /**
   * Every environment tag as git showed it at PAST_MOMENT (read with git while the story was being
   * written): `<key>/<environment>` → version. Tags absent then are absent here.
   */
  readonly environmentsAtPastMoment: Readonly<Record<string, string>>;
  dispose(): void;
}

/**
 * - prompts/extraction: v1.0.0 (2025-01-10), v1.1.0 (2025-02-20); production set to v1.0.0 then
 *   moved to v1.1.0 (2025-03-01), as `edgit tag set` writes it (annotated, on the version tag object).
 * - prompts/summary: v1.2.0, v1.9.0, v1.10.0 (semver order differs from string order);
 *   production at v1.10.0, staging at v1.9.0.
 * - configs/router: v0.1.0, v0.2.0; staging at v0.1.0 (moved by scenario 5 with `git tag -f`).
 * - queries/lookup: v1.0.0, v1.1.0, v2.0.0; production deployed through recorded batches (the
 *   deployment history, refs/edgit/history, pushed too): v1.1.0 on 2025-02-11, v2.0.0 on
 *   2025-03-05 14:00 (the first batch also records the CLI-made tags it finds, as observed).
 */
export async function createE2eFixture(): Promise<E2eFixture> {
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
  version(LOOKUP, LOOKUP_FILE, 'v1.0.0', 'SELECT id FROM invoices;\n', '2025-01-20T09:00:00Z');
  version(SUMMARY, SUMMARY_FILE, 'v1.9.0', '# Summary\n\nTwo lines.\n', '2025-02-01T09:00:00Z');
  version(LOOKUP, LOOKUP_FILE, 'v1.1.0', 'SELECT id, total FROM invoices;\n', '2025-02-10T09:00:00Z');
  repo.clock = null;
  await deploy(repo, '2025-02-11T10:00:00Z', [[LOOKUP, 'production', 'v1.1.0']], { reason: 'totals for the invoice view' });
  version(EXTRACTION, EXTRACTION_FILE, 'v1.1.0', CONTENT.extractionV2, '2025-02-20T09:00:00Z');
  version(ROUTER, ROUTER_FILE, 'v0.2.0', '{ "model": "large" }\n', '2025-02-22T09:00:00Z');
  version(SUMMARY, SUMMARY_FILE, 'v1.10.0', '# Summary\n\nThree lines.\n', '2025-02-25T09:00:00Z');
  repo.clock = '2025-03-01T09:00:00Z';
  repo.setEnvLikeCli(EXTRACTION, 'production', 'v1.1.0');
  repo.setEnvLikeCli(SUMMARY, 'production', 'v1.10.0');
  repo.setEnvLikeCli(SUMMARY, 'staging', 'v1.9.0');
  version(LOOKUP, LOOKUP_FILE, 'v2.0.0', 'SELECT id, total, currency FROM invoices JOIN rates USING (day);\n', '2025-03-05T09:00:00Z');
  repo.clock = null;
  await deploy(repo, '2025-03-05T14:00:00Z', [[LOOKUP, 'production', 'v2.0.0']], { reason: 'currencies' });
  // Nothing moves between 14:00 and PAST_MOMENT: what git shows now is what was live then.
  const environmentsAtPastMoment = environmentVersions(repo);

  repo.publishTo(remote);
  repo.git('push', '-q', 'origin', 'refs/edgit/history:refs/edgit/history');
  return { root, repo, remote, commits, environmentsAtPastMoment, dispose: () => fs.rmSync(root, { recursive: true, force: true }) };
}

const VERSION_SLOT = /^v\d+\.\d+\.\d+$/;

/**
 * Every environment tag of `repo` (`<key>/<environment>`, not a version) → the version whose
 * commit it points at, read with git (`for-each-ref`, peeled).
 */
export function environmentVersions(repo: TestRepo): Record<string, string> {
  const tags = repo.git('for-each-ref', '--format=%(refname:strip=2)', 'refs/tags/components').split('\n').filter(Boolean);
  // An annotated tag on a tag object (as the CLI writes) peels through both: git gives the commit.
  const commitOf = (tag: string) => repo.peeled(tag);
  const versionsByCommit = new Map<string, string>();
  const environments: string[] = [];
  for (const tag of tags) {
    const slot = tag.slice(tag.lastIndexOf('/') + 1);
    if (VERSION_SLOT.test(slot)) versionsByCommit.set(`${tag.slice(0, tag.lastIndexOf('/'))} ${commitOf(tag)}`, slot);
    else environments.push(tag);
  }
  const result: Record<string, string> = {};
  for (const tag of environments) {
    const key = tag.slice(0, tag.lastIndexOf('/'));
    result[tag] = versionsByCommit.get(`${key} ${commitOf(tag)}`) ?? `commit ${commitOf(tag)?.slice(0, 10)}`;
  }
  return result;
}
