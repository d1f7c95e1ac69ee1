import * as assert from 'node:assert/strict';
import { humanTimeAt, runCli, succeeded, requireBuiltCli } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';

const A = 'components/prompts/analysis';

function repoWithVersions(repo: TestRepo = TestRepo.init()): TestRepo {
  ['v1.8.0', 'v1.9.0', 'v2.0.0'].forEach((v, i) => {
    repo.clock = `2026-01-0${i + 1}T10:00:00Z`;
    repo.commitFile('components/prompts/analysis.md', `analysis ${v}\n`);
    repo.tagVersion(A, v);
  });
  repo.clock = null;
  return repo;
}

interface Problem {
  kind: string;
  environment: string;
  version: string | null;
  movedBy: string | null;
  movedAt: string | null;
  recorded: { version: string } | null;
  message: string;
}

const problems = (r: { stdout: string }) => (JSON.parse(r.stdout) as { problems: Problem[] }).problems;

describe('edgit-deploy verify: a gate for CI', () => {
  requireBuiltCli();
  after(cleanupTempDirs);

  it('exit 0 when every tag is where its newest recorded move put it; 1 with each unrecorded move, bad version and missing file', () => {
    const repo = repoWithVersions();
    succeeded(runCli(repo, '2026-02-01T09:00:00Z', ['set', 'prompts/analysis', 'production', 'v1.9.0', '--yes']));
    succeeded(runCli(repo, '2026-02-01T09:00:00Z', ['set', 'prompts/analysis', 'staging', 'v2.0.0', '--yes']));
    const ok = succeeded(runCli(repo, null, ['verify']));
    // One sentence, wrapped to the width: read with its line breaks as spaces.
    assert.match(ok.stdout.replace(/\n +/g, ' '), /OK: all 2 environment tag\(s\) here are where their newest recorded move put them/);

    // Moves made outside: the Edgit CLI's way (annotated, dated, signed by its tagger) and a lightweight git tag -f.
    repo.clock = '2026-02-02T09:00:00Z';
    repo.who = { name: 'Cli User', email: 'cli@example.com' };
    repo.setEnvLikeCli(A, 'production', 'v2.0.0');
    repo.setEnvWithTagForce(A, 'staging', `${A}/v1.8.0`);
    repo.who = { name: 'Ana', email: 'ana@example.com' };
    repo.clock = null;
    succeeded(runCli(repo, '2026-02-02T10:00:00Z', ['mark-bad', 'prompts/analysis', 'v2.0.0', '--reason', 'INC-42', '--yes']));
    const before = repo.allRefs();
    const failed = runCli(repo, null, ['verify', '--json']);
    assert.equal(failed.code, 1, failed.stderr);
    assert.deepEqual(
      problems(failed).map((p) => [p.kind, p.environment, p.version, p.movedBy, p.movedAt, p.recorded?.version]),
      [
        ['unrecorded-move', 'production', 'v2.0.0', 'Cli User <cli@example.com>', '2026-02-02T09:00:00.000Z', 'v1.9.0'],
        ['marked-bad', 'production', 'v2.0.0', 'Cli User <cli@example.com>', '2026-02-02T09:00:00.000Z', 'v1.9.0'],
        ['unrecorded-move', 'staging', 'v1.8.0', 'Cli User <cli@example.com>', '2026-02-02T09:00:00.000Z', 'v2.0.0'],
      ],
    );
    // Who and when of an outside move come from one place: history and at say the same as verify.
    const history = JSON.parse(runCli(repo, null, ['history', 'prompts/analysis', '--env', 'staging', '--json']).stdout);
    assert.deepEqual([history[0].kind, history[0].by, history[0].at], ['observed', 'Cli User <cli@example.com>', '2026-02-02T09:00:00.000Z']);
    const at = JSON.parse(runCli(repo, null, ['at', '2026-02-03T00:00Z', '--env', 'staging', '--json']).stdout);
    const stagingAt = at.components.find((c: { id: string }) => c.id === 'prompts/analysis').environments[0];
    assert.deepEqual([stagingAt.evidence, stagingAt.by, stagingAt.since], ['observed', 'Cli User <cli@example.com>', '2026-02-02T09:00:00.000Z']);
    const human = runCli(repo, null, ['verify']);
    assert.equal(human.code, 1);
    // Each problem a record: kind, environment and position, then who moved the tag when, and what the history recorded.
    assert.match(
      human.stderr,
      new RegExp(
        String.raw`^ {2}unrecorded-move {2}prompts\/analysis · production {2}at v2\.0\.0\n {6}tag moved ${humanTimeAt('09:00')} {2}by Cli User <cli@example\.com>\n {6}recorded: v1\.9\.0, ${humanTimeAt('09:00')} {2}by Ana <ana@example\.com>(?: {2}|\n {6})batch [0-9a-f]{12}$`,
        'm',
      ),
    );
    assert.match(human.stderr, new RegExp(String.raw`^ {2}marked-bad {2}prompts\/analysis · production {2}at v2\.0\.0\n {6}marked bad ${humanTimeAt('10:00')} {2}by Ana <ana@example\.com> {2}"INC-42"$`, 'm'));
    // A lightweight tag moved here: who and when from its reflog, as history and at tell them.
    assert.match(human.stderr, new RegExp(String.raw`^ {2}unrecorded-move {2}prompts\/analysis · staging {2}at v1\.8\.0\n {6}tag moved ${humanTimeAt('09:00')} {2}by Cli User <cli@example\.com>$`, 'm'));
    const staging = runCli(repo, null, ['verify', '--env', 'staging', '--json']);
    assert.deepEqual(problems(staging).map((p) => p.environment), ['staging']);
    assert.deepEqual(repo.allRefs(), before, 'verify writes nothing');

    // Recording the intended positions settles it; a version without the component's file does not.
    succeeded(runCli(repo, '2026-02-03T09:00:00Z', ['rollback', 'prompts/analysis', 'production', 'v1.9.0', '--yes']));
    repo.git('rm', '-q', 'components/prompts/analysis.md');
    repo.git('commit', '-q', '-m', 'drop the file');
    repo.tagVersion(A, 'v1.9.1');
    succeeded(runCli(repo, '2026-02-03T09:00:00Z', ['set', 'prompts/analysis', 'staging', 'v1.9.1', '--yes', '--allow-missing-file']));
    const missing = runCli(repo, null, ['verify', '--json']);
    assert.equal(missing.code, 1);
    assert.deepEqual(problems(missing).map((p) => [p.kind, p.environment]), [['missing-file', 'staging']]);
    assert.equal(succeeded(runCli(repo, null, ['verify', '--env', 'production'])).code, 0);
  });

  it('--remote checks the remote’s tags against the remote’s history, without touching local refs', () => {
    const remote = TestRepo.init(undefined, { bare: true });
    const ana = repoWithVersions();
    ana.publishTo(remote);
    succeeded(runCli(ana, '2026-02-01T09:00:00Z', ['set', 'prompts/analysis', 'production', 'v1.9.0', '--yes', '--push']));
    const ben = TestRepo.clone(remote); // has the tags, not the history
    assert.equal(ben.refValue('refs/edgit/history'), null);
    assert.equal(runCli(ben, null, ['verify']).code, 1, 'locally Ben has no record of the move');
    const ok = succeeded(runCli(ben, null, ['verify', '--remote', 'origin']));
    assert.match(ok.stdout, /OK: all 1 environment tag\(s\) on origin/);

    // Ana moves production on the remote with plain git: a tag object Ben has never seen.
    ana.clock = '2026-02-02T09:00:00Z';
    ana.who = { name: 'Cli User', email: 'cli@example.com' };
    ana.setEnvLikeCli(A, 'production', 'v2.0.0');
    ana.git('push', '-q', '-f', 'origin', `refs/tags/${A}/production`);
    const before = ben.allRefs();
    const failed = runCli(ben, null, ['verify', '--remote', 'origin', '--json']);
    assert.equal(failed.code, 1, failed.stderr);
    assert.deepEqual(problems(failed).map((p) => [p.kind, p.version, p.movedBy, p.recorded?.version]), [['unrecorded-move', 'v2.0.0', 'Cli User <cli@example.com>', 'v1.9.0']]);
    assert.deepEqual(ben.allRefs(), before, 'no local tag moved, no temporary ref left');
    assert.equal(ben.peeled(`${A}/production`), ben.peeled(`${A}/v1.9.0`));
  });
});
