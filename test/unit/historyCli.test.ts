import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { HISTORY_REF } from '../../src/engine';
import { CLI, humanTimeAt, requireBuiltCli } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';
import { A, E, seedRepo, team } from '../helpers/historyFixtures';


/** Runs edgit-deploy in a clone at the clone's clock (GIT_COMMITTER_DATE), without a terminal. */
function run(repo: TestRepo, at: string, ...args: string[]) {
  repo.clock = at;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: repo.dir, env: { ...repo.env(), CI: 'true', TZ: 'UTC' }, encoding: 'utf8', input: '' });
  repo.clock = null;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: { code: number | null; stdout: string; stderr: string }) {
  assert.equal(r.code, 0, r.stderr + r.stdout);
  return r;
}

describe('edgit-deploy history, at, recreate', () => {
  requireBuiltCli();
  after(cleanupTempDirs);

  it('records set and rollback; history --json lists them newest first; at --json answers with evidence', () => {
    const repo = seedRepo();
    ok(run(repo, '2026-02-01T09:00:00Z', 'set', 'prompts/extraction', 'production', 'v1.0.0', '--yes'));
    ok(run(repo, '2026-02-02T09:00:00Z', 'set', 'prompts/extraction', 'production', 'v2.0.0', '--yes', '--reason', 'new model'));
    // The rollback suggestion comes from the history (v1.0.0), not from "highest release below" (v1.1.0).
    const rollback = ok(run(repo, '2026-02-03T14:47:00Z', 'rollback', 'prompts/extraction', 'production', '--yes', '--reason', 'INC-42'));
    assert.match(rollback.stdout, /Last known good: v1\.0\.0 \(production was at v1\.0\.0 before v2\.0\.0\)/);

    const history = JSON.parse(ok(run(repo, '2026-02-04T00:00:00Z', 'history', '--json')).stdout);
    assert.deepEqual(
      history.map((e: Record<string, unknown>) => [e.component, e.environment, e.fromVersion, e.toVersion, e.at, e.by, e.reason, e.kind]),
      [
        ['prompts/extraction', 'production', 'v2.0.0', 'v1.0.0', '2026-02-03T14:47:00.000Z', 'Ana <ana@example.com>', 'INC-42', 'recorded'],
        ['prompts/extraction', 'production', 'v1.0.0', 'v2.0.0', '2026-02-02T09:00:00.000Z', 'Ana <ana@example.com>', 'new model', 'recorded'],
        ['prompts/extraction', 'production', null, 'v1.0.0', '2026-02-01T09:00:00.000Z', 'Ana <ana@example.com>', null, 'recorded'],
      ],
    );
    assert.deepEqual(Object.keys(history[0]).sort(), ['at', 'batch', 'by', 'component', 'environment', 'fromCommit', 'fromVersion', 'kind', 'reason', 'toCommit', 'toVersion'].sort());
    assert.equal(history[0].toCommit, repo.peeled(`${E}/v1.0.0`));

    const since = JSON.parse(ok(run(repo, '2026-02-04T00:00:00Z', 'history', 'prompts/extraction', '--since', '2026-02-02T09:00:00Z', '--until', '2026-02-03T00:00:00Z', '--json')).stdout);
    assert.deepEqual(since.map((e: { toVersion: string }) => e.toVersion), ['v2.0.0']);

    const state = JSON.parse(ok(run(repo, '2026-02-04T00:00:00Z', 'at', '2026-02-02T12:00:00Z', '--json')).stdout);
    assert.deepEqual(state, {
      at: '2026-02-02T12:00:00.000Z',
      skipped: [],
      components: [
        {
          id: 'prompts/extraction',
          // The evidence in full: when, who, why and the batch of the move the answer rests on.
          environments: [
            {
              name: 'production',
              version: 'v2.0.0',
              commit: repo.peeled(`${E}/v2.0.0`),
              evidence: 'recorded',
              since: '2026-02-02T09:00:00.000Z',
              by: 'Ana <ana@example.com>',
              reason: 'new model',
              batch: history[1].batch,
              // No deploy reported anything here: nothing was known to be served.
              live: null,
            },
          ],
        },
      ],
    });
    // Local time without an offset (TZ=UTC here), and a moment before any record.
    const local = JSON.parse(ok(run(repo, '2026-02-04T00:00:00Z', 'at', '2026-02-03T15:00', '--json')).stdout);
    assert.equal(local.components[0].environments[0].version, 'v1.0.0');
    const early = JSON.parse(ok(run(repo, '2026-02-04T00:00:00Z', 'at', '2026-01-15', '--env', 'production', '--json')).stdout);
    assert.deepEqual(early.components[0].environments[0], {
      name: 'production',
      version: null,
      commit: null,
      evidence: 'unknown',
      since: null,
      by: null,
      reason: null,
      batch: null,
      note: 'the first record is at 2026-02-01T09:00:00.000Z',
      live: null,
    });

    const bad = run(repo, '2026-02-04T00:00:00Z', 'at', 'last tuesday');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /Cannot read "last tuesday" as a moment.*ISO 8601/);
  });

  it('shows moves made with the Edgit CLI as observed, and tells a component’s story', () => {
    const repo = seedRepo();
    ok(run(repo, '2026-02-01T09:00:00Z', 'set', 'prompts/analysis', 'staging', 'v1.0.0', '--yes'));
    repo.clock = '2026-02-02T09:00:00Z';
    repo.setEnvLikeCli(A, 'staging', 'v1.1.0');
    const history = JSON.parse(ok(run(repo, '2026-02-03T00:00:00Z', 'history', 'prompts/analysis', '--env', 'staging', '--json')).stdout);
    assert.deepEqual(
      history.map((e: Record<string, unknown>) => [e.kind, e.fromVersion, e.toVersion, e.at]),
      [
        ['observed', 'v1.0.0', 'v1.1.0', '2026-02-02T09:00:00.000Z'],
        ['recorded', null, 'v1.0.0', '2026-02-01T09:00:00.000Z'],
      ],
    );
    const story = JSON.parse(ok(run(repo, '2026-02-03T00:00:00Z', 'history', 'prompts/analysis', '--story', '--json')).stdout);
    assert.deepEqual(
      story.environments[0].segments.map((s: Record<string, unknown>) => [s.from, s.to, s.version, s.evidence]),
      [
        ['2026-02-01T09:00:00.000Z', '2026-02-02T09:00:00.000Z', 'v1.0.0', 'recorded'],
        ['2026-02-02T09:00:00.000Z', null, 'v1.1.0', 'observed'],
      ],
    );
    const human = ok(run(repo, '2026-02-03T00:00:00Z', 'history'));
    assert.match(human.stdout, new RegExp(String.raw`^${humanTimeAt('09:00')} {2}prompts\/analysis · staging {2}v1\.0\.0 → v1\.1\.0(?: {2}|\n {4})\[observed, tag\] {2}by Ana <ana@example\.com>$`, 'm'));
  });

  it('recreate deploys the state of a past moment as one batch, and refuses when nothing is known', () => {
    const repo = seedRepo();
    ok(run(repo, '2026-02-01T09:00:00Z', 'batch', 'production', 'prompts/extraction=v1.0.0', 'prompts/analysis=v1.1.0', '--yes'));
    ok(run(repo, '2026-02-02T09:00:00Z', 'batch', 'production', 'prompts/extraction=v2.0.0', 'prompts/analysis=v2.0.0', '--yes'));
    const r = ok(run(repo, '2026-02-03T09:00:00Z', 'recreate', '2026-02-01T12:00:00Z', 'production', '--yes', '--json'));
    const result = JSON.parse(r.stdout);
    assert.equal(result.action, 'recreate');
    assert.equal(result.reason, 'recreate production as of 2026-02-01T12:00:00.000Z');
    assert.deepEqual(result.moves.map((m: { component: string; toVersion: string }) => [m.component, m.toVersion]).sort(), [
      ['prompts/analysis', 'v1.1.0'],
      ['prompts/extraction', 'v1.0.0'],
    ]);
    assert.equal(repo.peeled(`${E}/production`), repo.peeled(`${E}/v1.0.0`));
    assert.equal(repo.peeled(`${A}/production`), repo.peeled(`${A}/v1.1.0`));
    const last = repo.git('log', '-1', '--format=%B', HISTORY_REF);
    assert.match(last, /"action":"recreate"/);
    assert.equal((last.match(/^Edgit-Event: /gm) ?? []).length, 2, 'one batch, one commit');

    // Into another environment, from production's past.
    ok(run(repo, '2026-02-03T10:00:00Z', 'recreate', '2026-02-02T12:00:00Z', 'debug', '--from', 'production', '--yes'));
    assert.equal(repo.peeled(`${E}/debug`), repo.peeled(`${E}/v2.0.0`));

    const before = repo.allRefs();
    const unknown = run(repo, '2026-02-03T11:00:00Z', 'recreate', '2026-01-01T00:00:00Z', 'production', '--yes');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Nothing to recreate/);
    assert.deepEqual(repo.allRefs(), before);
  });

  it('fetch brings the history with the tags, and push carries it with the tags', () => {
    const { remote, ana, ben } = team();
    ok(run(ana, '2026-02-01T09:00:00Z', 'set', 'prompts/extraction', 'production', 'v1.0.0', '--yes', '--push'));
    assert.equal(remote.git('rev-parse', HISTORY_REF), ana.git('rev-parse', HISTORY_REF));

    const fetched = JSON.parse(ok(run(ben, '2026-02-01T10:00:00Z', 'fetch', '--json')).stdout);
    assert.equal(fetched.history, 'fast-forward');
    const seen = JSON.parse(ok(run(ben, '2026-02-01T10:00:00Z', 'history', '--json')).stdout);
    assert.deepEqual(seen.map((e: { by: string; kind: string }) => [e.by, e.kind]), [['Ana <ana@example.com>', 'recorded']]);

    ok(run(ben, '2026-02-02T09:00:00Z', 'set', 'prompts/analysis', 'staging', 'v1.1.0', '--yes'));
    assert.notEqual(remote.git('rev-parse', HISTORY_REF), ben.git('rev-parse', HISTORY_REF));
    ok(run(ben, '2026-02-02T10:00:00Z', 'push', '--yes'));
    assert.equal(remote.git('rev-parse', HISTORY_REF), ben.git('rev-parse', HISTORY_REF));
    assert.equal(remote.refValue(`${A}/staging`), ben.refValue(`${A}/staging`));
  });
});
