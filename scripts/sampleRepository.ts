// Generates a sample Edgit repository for the demo: several components with versions over a
// week, environments moved the way a team moves them (this project, the Edgit CLI, a plain
// `git tag -f`), a bare remote, and one teammate's move not fetched yet (drift).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Git, executeBatch, loadSnapshot, planEnvironmentMove, prepareBatch } from '../src/engine';
import { TestRepo } from '../test/helpers/gitRepo';

interface SampleComponent {
  key: string;
  file: string;
  versions: string[];
  body: (version: string) => string;
}

const COMPONENTS: SampleComponent[] = [
  {
    key: 'components/prompts/extraction',
    file: 'components/prompts/extraction.md',
    versions: ['v1.0.0', 'v1.1.0', 'v1.2.0-rc.1', 'v1.2.0'],
    body: (v) => `# Extraction prompt ${v}\n\nExtract the invoice number${v >= 'v1.1.0' ? ', the total' : ''}${v >= 'v1.2.0' ? ' and the due date' : ''}.\nAnswer in JSON.\n`,
  },
  {
    key: 'components/prompts/analysis',
    file: 'components/prompts/analysis.md',
    versions: ['v1.9.0', 'v2.0.0'],
    body: (v) => `# Analysis prompt ${v}\n\n${v === 'v2.0.0' ? 'Think step by step, then answer in one word.' : 'Summarise the document in three bullet points.'}\n`,
  },
  {
    key: 'components/configs/validation',
    file: 'components/configs/validation.yaml',
    versions: ['v1.4.0', 'v1.5.0'],
    body: (v) => `# validation ${v}\nmax_tokens: ${v === 'v1.5.0' ? 2048 : 1024}\nstrict: true\n`,
  },
  {
    key: 'components/queries/search',
    file: 'components/queries/search.json',
    versions: ['v0.1.0', 'v0.2.0', 'v0.10.0'],
    body: (v) => JSON.stringify({ version: v, query: 'SELECT * FROM docs WHERE score > 0.5', limit: 10 }, null, 2) + '\n',
  },
  {
    key: 'logic/agents/classifier',
    file: 'logic/agents/classifier.yaml',
    versions: ['v1.0.0', 'v1.1.0'],
    body: (v) => `name: classifier\nversion: ${v}\nmodel: small\n`,
  },
];

/** Moves environments through the engine (annotated, nested, atomic), at a given clock. */
async function deploy(repo: TestRepo, at: string, env: string, moves: [string, string][], reason?: string): Promise<void> {
  repo.clock = at;
  const saved = { ...process.env };
  Object.assign(process.env, { GIT_COMMITTER_DATE: `${at}`, GIT_AUTHOR_DATE: `${at}`, GIT_COMMITTER_NAME: repo.who.name, GIT_COMMITTER_EMAIL: repo.who.email });
  try {
    const git = new Git(repo.dir);
    const snapshot = await loadSnapshot(git);
    const batch = await prepareBatch(
      git,
      moves.map(([c, v]) => planEnvironmentMove(snapshot, c, env, v)),
      { action: 'set', reason },
    );
    await executeBatch(git, batch, { remote: 'origin' });
  } finally {
    process.env = saved;
  }
}

export interface SampleRepository {
  readonly root: string;
  readonly repo: string;
  readonly remote: string;
}

export async function createSampleRepository(parent: string): Promise<SampleRepository> {
  fs.mkdirSync(parent, { recursive: true });
  const remote = TestRepo.init(path.join(parent, 'remote.git'), { bare: true });
  const repo = TestRepo.init(path.join(parent, 'ai-components'));
  repo.git('remote', 'add', 'origin', remote.dir);
  let day = 16;
  const when = (hour: number) => `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;

  repo.clock = when(9);
  repo.commitFile('README.md', '# AI components\n\nPrompts, configs, queries and agents, versioned with Edgit.\n', 'Initial commit');
  const rounds = Math.max(...COMPONENTS.map((c) => c.versions.length));
  for (let i = 0; i < rounds; i++, day++) {
    for (const c of COMPONENTS) {
      const v = c.versions[i];
      if (!v) continue;
      repo.clock = when(10 + COMPONENTS.indexOf(c));
      repo.commitFile(c.file, c.body(v), `${c.key.split('/').slice(1).join('/')}: ${v}`);
      repo.tagVersion(c.key, v);
    }
  }
  repo.git('push', '-q', '--set-upstream', 'origin', 'main');
  repo.git('push', '-q', 'origin', '--tags');

  const ids = (pick: (c: SampleComponent) => string | undefined): [string, string][] =>
    COMPONENTS.map((c) => [c.key, pick(c)] as [string, string | undefined]).filter((x): x is [string, string] => !!x[1]);
  await deploy(repo, '2026-11-18T14:00:00Z', 'staging', ids((c) => c.versions[c.versions.length - 1]), 'weekly release to staging');
  await deploy(repo, '2026-11-19T09:30:00Z', 'production', ids((c) => c.versions[Math.max(0, c.versions.length - 2)]), 'CHG-1841 promote last week');
  await deploy(repo, '2026-11-24T14:00:00Z', 'production', [['components/prompts/extraction', 'v1.2.0'], ['components/prompts/analysis', 'v2.0.0']], 'CHG-1852');
  repo.who = { name: 'Bea', email: 'bea@example.com' };
  await deploy(repo, '2026-11-24T14:52:00Z', 'production', [['components/prompts/analysis', 'v1.9.0']], 'INC-311 analysis answers in one word');
  repo.who = { name: 'Ana', email: 'ana@example.com' };
  // The Edgit CLI moves canary (delete and re-create, nested), then pushes.
  repo.clock = '2026-11-25T08:00:00Z';
  repo.setEnvLikeCli('components/prompts/extraction', 'canary', 'v1.2.0-rc.1');
  repo.git('push', '-q', 'origin', 'refs/tags/components/prompts/extraction/canary');
  // A teammate moves staging on the remote; this clone has not fetched it yet.
  const teammate = TestRepo.clone(remote, path.join(parent, 'teammate'), { name: 'Carl', email: 'carl@example.com' });
  teammate.clock = '2026-11-25T16:20:00Z';
  teammate.setEnvLikeCli('components/configs/validation', 'staging', 'v1.4.0');
  teammate.git('push', '-q', '--force', 'origin', 'refs/tags/components/configs/validation/staging');
  fs.rmSync(teammate.dir, { recursive: true, force: true });
  repo.clock = null;
  return { root: parent, repo: repo.dir, remote: remote.dir };
}
