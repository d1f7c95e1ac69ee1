import * as assert from 'node:assert/strict';
import { HISTORY_REF } from '../../src/engine';
import { runCli, succeeded } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';
import { A, E, seedRepo } from '../helpers/historyFixtures';

function run(repo: TestRepo, at: string, ...args: string[]) {
  return succeeded(runCli(repo, at, args));
}

/** Every ref of the repository with its value (tags, branches, refs/edgit/…). */
function everyRef(repo: TestRepo): string {
  return repo.git('for-each-ref', '--format=%(refname) %(objectname)');
}

/** A history of recorded moves, then two moves made outside: the Edgit CLI's (dated) and a plain `git tag -f` (undated). */
function withOutsideMoves(): TestRepo {
  const repo = seedRepo();
  run(repo, '2026-02-01T09:00:00Z', 'set', 'prompts/extraction', 'production', 'v1.0.0', '--yes');
  run(repo, '2026-02-01T10:00:00Z', 'set', 'prompts/analysis', 'staging', 'v1.0.0', '--yes');
  repo.clock = '2026-02-02T09:00:00Z';
  repo.setEnvLikeCli(A, 'staging', 'v1.1.0');
  repo.setEnvWithTagForce(E, 'production', `${E}/v2.0.0`);
  repo.clock = null;
  return repo;
}

describe('reads write nothing (issue 9)', () => {
  after(cleanupTempDirs);

  it('status, history, history --story and at change no ref, and still show the moves made outside', () => {
    const repo = withOutsideMoves();
    const before = everyRef(repo);
    const reads = [
      ['status'],
      ['status', '--json'],
      ['history'],
      ['history', '--json'],
      ['history', 'prompts/analysis', '--story', '--json'],
      ['at', '2026-02-03T00:00:00Z'],
      ['at', '2026-02-03T00:00:00Z', '--json'],
    ];
    const out = new Map<string, string>();
    for (const args of reads) {
      const r = run(repo, '2026-02-03T12:00:00Z', ...args);
      out.set(args.join(' '), r.stdout);
      assert.equal(everyRef(repo), before, `${args.join(' ')} changed a ref`);
    }
    const events = JSON.parse(out.get('history --json')!) as Record<string, unknown>[];
    const observed = events.filter((e) => e.kind === 'observed').map((e) => [e.component, e.environment, e.fromVersion, e.toVersion]);
    assert.deepEqual(observed.sort(), [
      ['prompts/analysis', 'staging', 'v1.0.0', 'v1.1.0'],
      ['prompts/extraction', 'production', 'v1.0.0', 'v2.0.0'],
    ]);
    const at = JSON.parse(out.get('at 2026-02-03T00:00:00Z --json')!) as { components: { id: string; environments: { name: string; version: string; evidence: string }[] }[] };
    const staging = at.components.find((c) => c.id === 'prompts/analysis')!.environments.find((e) => e.name === 'staging')!;
    assert.deepEqual([staging.version, staging.evidence], ['v1.1.0', 'observed']);
    const story = JSON.parse(out.get('history prompts/analysis --story --json')!) as { environments: { segments: { version: string; evidence: string }[] }[] };
    assert.deepEqual(story.environments[0].segments.map((s) => [s.version, s.evidence]), [['v1.0.0', 'recorded'], ['v1.1.0', 'observed']]);
  });

  it('the next recorded move writes the observed events, before its own', () => {
    const repo = withOutsideMoves();
    run(repo, '2026-02-03T12:00:00Z', 'history');
    const head = repo.refValue(HISTORY_REF);
    run(repo, '2026-02-04T09:00:00Z', 'set', 'prompts/analysis', 'canary', 'v2.0.0', '--yes');
    const log = repo.git('log', '--format=%s', `${head}..${HISTORY_REF}`).split('\n');
    assert.deepEqual(log, ['set prompts/analysis · canary: (none) → v2.0.0', 'observed 2 environment positions moved outside edgit-deploy']);
    // Written once: a read after it shows them once, as written events.
    const events = JSON.parse(run(repo, '2026-02-04T10:00:00Z', 'history', '--json').stdout) as Record<string, unknown>[];
    assert.equal(events.filter((e) => e.kind === 'observed').length, 2);
  });

  it('an explicit fetch writes them too', () => {
    const remote = TestRepo.init(undefined, { bare: true });
    const repo = withOutsideMoves();
    repo.publishTo(remote);
    repo.git('push', '-q', 'origin', HISTORY_REF);
    const head = repo.refValue(HISTORY_REF);
    run(repo, '2026-02-03T12:00:00Z', 'fetch');
    assert.notEqual(repo.refValue(HISTORY_REF), head);
    assert.equal(repo.git('log', '-1', '--format=%s', HISTORY_REF), 'observed 2 environment positions moved outside edgit-deploy');
  });
});
