import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CLI, requireBuiltCli } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs, tempDir } from '../helpers/gitRepo';

const E = 'components/prompts/extraction';
const A = 'components/prompts/analysis';

function run(repo: TestRepo | string, ...args: string[]) {
  const cwd = typeof repo === 'string' ? repo : repo.dir;
  const env = typeof repo === 'string' ? process.env : repo.env();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env: { ...env, CI: 'true' }, encoding: 'utf8', input: '' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function deployed(): TestRepo {
  const repo = TestRepo.init();
  repo.clock = '2026-03-01T09:00:00Z';
  for (const v of ['v1.0.0', 'v1.1.0']) {
    repo.commitFile('components/prompts/extraction.md', `extraction ${v}`);
    repo.tagVersion(E, v);
    repo.commitFile('components/prompts/analysis.md', `analysis ${v}`);
    repo.tagVersion(A, v);
  }
  repo.setEnvLikeCli(E, 'production', 'v1.1.0');
  repo.setEnvLikeCli(A, 'production', 'v1.1.0');
  return repo;
}

describe('edgit-deploy CLI', () => {
  requireBuiltCli();
  after(cleanupTempDirs);

  it('status --json prints the snapshot in the documented shape', () => {
    const repo = deployed();
    repo.git('tag', 'app-release-1');
    const r = run(repo, 'status', '--json');
    assert.equal(r.code, 0, r.stderr);
    const data = JSON.parse(r.stdout);
    assert.equal(data.unrecognizedTags, 1);
    const c = data.components.find((x: { id: string }) => x.id === 'prompts/extraction');
    assert.equal(c.prefix, 'components');
    assert.equal(c.namespace, 'prompts');
    assert.equal(c.name, 'extraction');
    assert.equal(c.legacy, false);
    assert.equal(c.path, 'components/prompts/extraction.md');
    assert.deepEqual(c.versions.map((v: { version: string }) => v.version), ['v1.1.0', 'v1.0.0']);
    assert.match(c.versions[0].commit, /^[0-9a-f]{40}$/);
    assert.equal(Date.parse(c.versions[0].date), Date.parse('2026-03-01T09:00:00Z'));
    assert.equal(c.versions[0].tagger, 'Ana');
    assert.equal(c.versions[0].message, 'Release extraction v1.1.0');
    assert.deepEqual(
      { name: c.environments[0].name, version: c.environments[0].version, movedBy: c.environments[0].movedBy },
      { name: 'production', version: 'v1.1.0', movedBy: 'Ana' },
    );
  });

  it('without a terminal, a move requires --yes; with it, rollback picks the last known good', () => {
    const repo = deployed();
    const before = repo.allRefs();
    const refused = run(repo, 'rollback', 'prompts/extraction', 'production');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /no terminal to confirm.*--yes/);
    assert.deepEqual(repo.allRefs(), before);
    const ok = run(repo, 'rollback', 'prompts/extraction', 'production', '--yes', '--json', '--reason', 'INC-7');
    assert.equal(ok.code, 0, ok.stderr);
    const result = JSON.parse(ok.stdout);
    assert.deepEqual(
      result.moves.map((m: { component: string; fromVersion: string; toVersion: string }) => [m.component, m.fromVersion, m.toVersion]),
      [['prompts/extraction', 'v1.1.0', 'v1.0.0']],
    );
    assert.equal(repo.peeled(`${E}/production`), repo.peeled(`${E}/v1.0.0`));
  });

  it('refuses a failing safety check unless its flag is given', () => {
    const repo = deployed();
    repo.commitFile('components/prompts/extraction.md', 'rc');
    repo.tagVersion(E, 'v1.2.0-rc.1');
    const before = repo.allRefs();
    const refused = run(repo, 'set', 'prompts/extraction', 'production', 'v1.2.0-rc.1', '--yes');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /prerelease.*--allow-prerelease/);
    assert.deepEqual(repo.allRefs(), before);
    assert.equal(run(repo, 'set', 'prompts/extraction', 'production', 'v1.2.0-rc.1', '--yes', '--allow-prerelease').code, 0);
    assert.equal(repo.peeled(`${E}/production`), repo.peeled(`${E}/v1.2.0-rc.1`));
  });

  it('batch moves several components at once and pushes them atomically', () => {
    const repo = deployed();
    const remote = TestRepo.init(undefined, { bare: true });
    repo.publishTo(remote);
    const r = run(repo, 'batch', 'production', 'prompts/extraction=v1.0.0', 'prompts/analysis=v1.0.0', '--push', '--yes');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Moved 2 environment tags.*pushed to origin/);
    assert.match(r.stdout, /To undo: edgit-deploy batch production prompts\/extraction=v1.1.0 prompts\/analysis=v1.1.0/);
    for (const k of [E, A]) assert.equal(remote.peeled(`${k}/production`), remote.peeled(`${k}/v1.0.0`));
  });

  it('a refused push leaves local and remote tags as they were before the command', () => {
    const repo = deployed();
    const remote = TestRepo.init(undefined, { bare: true });
    repo.publishTo(remote);
    const hook = path.join(remote.dir, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\nwhile read o n ref; do case "$ref" in *analysis*) exit 1;; esac; done\n');
    chmodSync(hook, 0o755);
    const [localBefore, remoteBefore] = [repo.allRefs(), remote.allRefs()];
    const r = run(repo, 'batch', 'production', 'prompts/extraction=v1.0.0', 'prompts/analysis=v1.0.0', '--push', '--yes');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^edgit-deploy batch: The remote "origin" refused the push, so nothing changed there/);
    assert.deepEqual(repo.allRefs(), localBefore);
    assert.deepEqual(remote.allRefs(), remoteBefore);
  });

  it('reports user errors in one line on stderr, without a stack trace', () => {
    const repo = deployed();
    const cases: [string[], RegExp][] = [
      [['status', '--repo', tempDir()], /is not inside a git repository/],
      [['rollback', 'prompts/nothing', 'production', '--yes'], /No component "prompts\/nothing"/],
      [['set', 'prompts/extraction', 'production', 'v9.9.9', '--yes'], /has no version v9.9.9/],
      [['set', 'prompts/extraction', 'prod env', 'v1.0.0', '--yes'], /not a valid environment name/],
      [['set', 'prompts/extraction', '1.0.0', 'v1.0.0', '--yes'], /Did you mean "v1.0.0"/],
      [['version', 'prompts/extraction', 'v1.0.0'], /already exists; versions are immutable/],
      [['rollback', 'prompts/extraction', 'production', '--push', '--yes'], /no remote/],
    ];
    for (const [args, pattern] of cases) {
      const r = run(repo, ...args);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, pattern, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, `one line for ${args.join(' ')}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
    assert.equal(run(repo, 'rollback').code, 1);
    assert.equal(run(repo, 'frobnicate').code, 2);
    assert.equal(run(repo, 'status', '--bogus').code, 2);
  });
});

describe('edgit-deploy moments', () => {
  it('reads ISO 8601 with and without an offset, and refuses dates that do not exist', async () => {
    const { parseMoment } = await import('../../src/engine/timeArgument');
    assert.equal(parseMoment('2026-11-24T14:47:00Z').toISOString(), '2026-11-24T14:47:00.000Z');
    assert.equal(parseMoment('2026-11-24T14:47+02:00').toISOString(), '2026-11-24T12:47:00.000Z');
    assert.equal(parseMoment('2026-11-24T14:47').getTime(), new Date(2026, 10, 24, 14, 47).getTime(), 'no offset: local time');
    for (const bad of ['2026-02-31T10:00', '2026-13-01', '24/11/2026 14:47', 'tuesday', '2026-11-24T25:00']) {
      assert.throws(() => parseMoment(bad), /Cannot read|not a real moment/, bad);
    }
  });
});
