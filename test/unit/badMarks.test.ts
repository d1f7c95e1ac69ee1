import * as assert from 'node:assert/strict';
import { Git, HISTORY_REF, badMarks, loadHistory, loadSnapshot, planRollback, planRollbackFromHistory, readHeldPositions } from '../../src/engine';
import { refused, runCli, succeeded, requireBuiltCli } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';

const A = 'components/prompts/analysis';

/** prompts/analysis v1.8.0, v1.9.0, v2.0.0 (each changing its file), tags' reflogs kept as on the demo repository. */
function analysisRepo(repo: TestRepo = TestRepo.init()): TestRepo {
  repo.git('config', 'core.logAllRefUpdates', 'always');
  ['v1.8.0', 'v1.9.0', 'v2.0.0'].forEach((v, i) => {
    repo.clock = `2026-01-0${i + 1}T10:00:00Z`;
    repo.commitFile('components/prompts/analysis.md', `# analysis\nmodel ${v}\n${'rule\n'.repeat(i + 1)}`);
    repo.tagVersion(A, v);
  });
  repo.clock = null;
  return repo;
}

const toVersions = (r: { stdout: string }) =>
  (JSON.parse(r.stdout) as { moves: { fromVersion: string; toVersion: string }[] }).moves.map((m) => [m.fromVersion, m.toVersion]);

/**
 * Production of analysis recorded at v1.9.0 (1 Feb), then moved by `git tag -f` to v2.0.0 and
 * back to v1.9.0 (2 Feb): observed moves, the broken v2.0.0 in between.
 */
function rolledBackByHand(repo: TestRepo): void {
  succeeded(runCli(repo, '2026-02-01T09:00:00Z', ['set', 'prompts/analysis', 'production', 'v1.9.0', '--yes']));
  repo.clock = '2026-02-02T09:00:00Z';
  repo.setEnvWithTagForce(A, 'production', `${A}/v2.0.0`);
  repo.clock = '2026-02-02T10:00:00Z';
  repo.setEnvWithTagForce(A, 'production', `${A}/v1.9.0`);
  repo.clock = null;
}

describe('rollback never lands on a version it left; bad marks', () => {
  requireBuiltCli();
  after(cleanupTempDirs);

  it('after observed `git tag -f` moves v1.9.0 → v2.0.0 → v1.9.0, rollback goes down to v1.8.0, never forward to v2.0.0', () => {
    for (const historyReadFirst of [false, true]) {
      const repo = analysisRepo();
      rolledBackByHand(repo);
      if (historyReadFirst) {
        // Whether or not the observed moves were written into the history first, the answer is the same.
        const h = JSON.parse(succeeded(runCli(repo, '2026-02-03T08:00:00Z', ['history', '--json'])).stdout) as { kind: string; toVersion: string }[];
        assert.deepEqual(h.map((e) => [e.kind, e.toVersion]), [['observed', 'v1.9.0'], ['observed', 'v2.0.0'], ['recorded', 'v1.9.0']]);
      }
      const r = succeeded(runCli(repo, '2026-02-03T09:00:00Z', ['rollback', 'prompts/analysis', 'production', '--yes', '--json']));
      assert.deepEqual(toVersions(r), [['v1.9.0', 'v1.8.0']], `history read first: ${historyReadFirst}`);
      assert.match(r.stderr, /Last known good: v1\.8\.0 \(highest release below v1\.9\.0\)/);
      assert.doesNotMatch(r.stderr, /v2\.0\.0 \(/);
      assert.equal(repo.peeled(`${A}/production`), repo.peeled(`${A}/v1.8.0`));
    }
  });

  it('planRollbackFromHistory (what the editor calls) gives the same answer before anything is written', async () => {
    const repo = analysisRepo();
    rolledBackByHand(repo);
    const git = new Git(repo.dir);
    const before = repo.allRefs();
    const plan = await planRollbackFromHistory(git, await loadSnapshot(git), await loadHistory(git), 'prompts/analysis', 'production');
    assert.deepEqual([plan.suggested, plan.suggestionSource], ['v1.8.0', 'below']);
    assert.equal(plan.candidates.find((c) => c.version.version === 'v2.0.0')?.direction, 'deploy');
    assert.deepEqual(repo.allRefs(), before);
  });

  it('picks the newest lower version held before (recorded or observed) that is not marked bad', async () => {
    const repo = analysisRepo();
    succeeded(runCli(repo, '2026-02-01T09:00:00Z', ['set', 'prompts/analysis', 'production', 'v1.8.0', '--yes']));
    repo.clock = '2026-02-02T09:00:00Z';
    repo.setEnvLikeCli(A, 'production', 'v1.9.0'); // observed only
    succeeded(runCli(repo, '2026-02-03T09:00:00Z', ['set', 'prompts/analysis', 'production', 'v2.0.0', '--yes']));
    const git = new Git(repo.dir);
    const snapshot = await loadSnapshot(git);
    let history = await loadHistory(git);
    const held = await readHeldPositions(git, snapshot, history, A, 'production');
    assert.deepEqual(held.map((p) => [p.version, p.kind]), [['v1.8.0', 'recorded'], ['v1.9.0', 'observed'], ['v2.0.0', 'recorded']]);
    let plan = planRollback(snapshot, A, 'production', { held, marks: badMarks(history) });
    assert.deepEqual([plan.suggested, plan.suggestionSource], ['v1.9.0', 'history']);
    assert.match(plan.suggestionReason, /production was at v1\.9\.0 before v2\.0\.0 \(observed\)/);

    succeeded(runCli(repo, '2026-02-03T10:00:00Z', ['mark-bad', 'prompts/analysis', 'v1.9.0', '--reason', 'INC-9 hallucinated totals', '--yes']));
    history = await loadHistory(git);
    plan = planRollback(snapshot, A, 'production', { held, marks: badMarks(history) });
    assert.equal(plan.suggested, 'v1.8.0', 'the bad v1.9.0 is skipped');
    const v19 = plan.candidates.find((c) => c.version.version === 'v1.9.0');
    assert.deepEqual(v19?.bad && [v19.bad.reason, v19.bad.by, v19.bad.at], ['INC-9 hallucinated totals', 'Ana <ana@example.com>', '2026-02-03T10:00:00.000Z']);
    assert.deepEqual(plan.candidates.map((c) => [c.version.version, c.direction]), [['v1.8.0', 'rollback'], ['v2.0.0', 'current'], ['v1.9.0', 'rollback']]);
    // Rolled back to v1.8.0, nothing is lower: no suggestion, never v1.9.0 or v2.0.0.
    succeeded(runCli(repo, '2026-02-03T11:00:00Z', ['rollback', 'prompts/analysis', 'production', '--yes']));
    const none = refused(runCli(repo, '2026-02-03T12:00:00Z', ['rollback', 'prompts/analysis', 'production', '--yes']), /No version of prompts\/analysis below v1\.8\.0.*not marked bad \(bad: v1\.9\.0\).*never goes to a higher version/);
    assert.equal(none.stderr.trim().split('\n').length, 1);
  });

  it('mark-bad records who, when and why; status --json shows it; set, batch and rollback VERSION refuse it unless --allow-bad', () => {
    const repo = analysisRepo();
    succeeded(runCli(repo, '2026-02-01T09:00:00Z', ['set', 'prompts/analysis', 'production', 'v2.0.0', '--yes']));
    refused(runCli(repo, '2026-02-01T10:00:00Z', ['mark-bad', 'prompts/analysis', 'v2.0.0', '--yes']), /needs --reason/);
    refused(runCli(repo, '2026-02-01T10:00:00Z', ['mark-bad', 'prompts/analysis', 'v2.0.0', '--reason', 'x']), /no terminal to confirm.*--yes/);
    const marked = JSON.parse(succeeded(runCli(repo, '2026-02-01T10:00:00Z', ['mark-bad', 'prompts/analysis', 'v2.0.0', '--reason', 'INC-42 wrong totals', '--yes', '--json'])).stdout);
    assert.deepEqual(marked.bad, { reason: 'INC-42 wrong totals', by: 'Ana <ana@example.com>', at: '2026-02-01T10:00:00.000Z' });
    assert.deepEqual(marked.environmentsAt, ['production']);

    const status = JSON.parse(succeeded(runCli(repo, null, ['status', '--json'])).stdout);
    const versions = status.components[0].versions as { version: string; bad: unknown }[];
    assert.deepEqual(versions.map((v) => [v.version, v.bad]), [
      ['v2.0.0', { reason: 'INC-42 wrong totals', by: 'Ana <ana@example.com>', at: '2026-02-01T10:00:00.000Z' }],
      ['v1.9.0', null],
      ['v1.8.0', null],
    ]);

    succeeded(runCli(repo, '2026-02-01T11:00:00Z', ['rollback', 'prompts/analysis', 'production', 'v1.9.0', '--yes']));
    const before = repo.allRefs();
    const message = /Refused: prompts\/analysis@v2\.0\.0 is marked bad by Ana <ana@example\.com> at 2026-02-01T10:00:00Z: "INC-42 wrong totals"\. Nothing was changed\. If you are sure, repeat with --allow-bad\./;
    refused(runCli(repo, '2026-02-01T12:00:00Z', ['set', 'prompts/analysis', 'production', 'v2.0.0', '--yes']), message);
    refused(runCli(repo, '2026-02-01T12:00:00Z', ['batch', 'production', 'prompts/analysis=v2.0.0', '--yes']), message);
    refused(runCli(repo, '2026-02-01T12:00:00Z', ['rollback', 'prompts/analysis', 'production', 'v2.0.0', '--yes']), message);
    refused(runCli(repo, '2026-02-01T12:00:00Z', ['recreate', '2026-02-01T09:30:00Z', 'production', '--yes']), message);
    assert.deepEqual(repo.allRefs(), before);
    const forced = succeeded(runCli(repo, '2026-02-01T12:00:00Z', ['set', 'prompts/analysis', 'staging', 'v2.0.0', '--yes', '--allow-bad', '--json']));
    assert.equal(JSON.parse(forced.stdout).checks[0].checks.find((c: { id: string }) => c.id === 'marked-bad').status, 'fail');

    // The latest mark or unmark wins.
    succeeded(runCli(repo, '2026-02-02T09:00:00Z', ['unmark-bad', 'prompts/analysis', 'v2.0.0', '--reason', 'fixed upstream', '--yes']));
    const cleared = JSON.parse(succeeded(runCli(repo, null, ['status', '--json'])).stdout);
    assert.equal(cleared.components[0].versions[0].bad, null);
    succeeded(runCli(repo, '2026-02-02T10:00:00Z', ['set', 'prompts/analysis', 'production', 'v2.0.0', '--yes']));
    const again = succeeded(runCli(repo, null, ['unmark-bad', 'prompts/analysis', 'v2.0.0', '--yes']));
    assert.match(again.stdout, /not marked bad; nothing to clear/);

    // history lists the marks with the moves, newest first (not with --env: a mark belongs to a version).
    const listed = JSON.parse(succeeded(runCli(repo, null, ['history', 'prompts/analysis', '--json'])).stdout) as { kind: string; action: string; version?: string; reason: string }[];
    assert.deepEqual(
      listed.filter((e) => e.kind === 'mark').map((e) => [e.action, e.version, e.reason]),
      [['unmark-bad', 'v2.0.0', 'fixed upstream'], ['mark-bad', 'v2.0.0', 'INC-42 wrong totals']],
    );
    assert.match(succeeded(runCli(repo, null, ['history'])).stdout, /prompts\/analysis@v2\.0\.0 {2}marked bad\n {4}by Ana <ana@example\.com> {2}batch [0-9a-f]{12}\n {4}"INC-42 wrong totals"$/m);
    assert.ok(JSON.parse(succeeded(runCli(repo, null, ['history', '--env', 'production', '--json'])).stdout).every((e: { kind: string }) => e.kind !== 'mark'));
  });

  it('rollback --mark-bad marks the version it leaves in the same history commit, pushed atomically with the tag; a clone that fetches sees it', () => {
    const remote = TestRepo.init(undefined, { bare: true });
    const ana = analysisRepo();
    ana.publishTo(remote);
    succeeded(runCli(ana, '2026-02-01T09:00:00Z', ['set', 'prompts/analysis', 'production', 'v1.9.0', '--yes', '--push']));
    succeeded(runCli(ana, '2026-02-02T09:00:00Z', ['set', 'prompts/analysis', 'production', 'v2.0.0', '--yes', '--push']));
    const r = succeeded(runCli(ana, '2026-02-03T09:00:00Z', ['rollback', 'prompts/analysis', 'production', '--mark-bad', '--reason', 'INC-42', '--yes', '--push']));
    assert.match(r.stdout, /Last known good: v1\.9\.0/);
    assert.match(r.stdout, /Marked bad: prompts\/analysis@v2\.0\.0 \(pushed with the batch\)/);
    const body = ana.git('log', '-1', '--format=%B', HISTORY_REF);
    assert.match(body, /"kind":"recorded","action":"rollback"/);
    assert.match(body, /"kind":"mark","action":"mark-bad","component":"components\/prompts\/analysis","id":"prompts\/analysis","version":"v2\.0\.0"/);
    // One action in the audit trail: the move and the mark carry the batch's id.
    const batches = [...body.matchAll(/"batch":"([^"]+)"/g)].map((m) => m[1]);
    assert.equal(batches.length, 2, body);
    assert.equal(batches[0], batches[1], `the rollback and its mark share a batch: ${body}`);
    assert.equal(remote.git('rev-parse', HISTORY_REF), ana.git('rev-parse', HISTORY_REF));
    assert.equal(remote.peeled(`${A}/production`), remote.peeled(`${A}/v1.9.0`));

    const ben = TestRepo.clone(remote);
    succeeded(runCli(ben, null, ['fetch']));
    const seen = JSON.parse(succeeded(runCli(ben, null, ['status', '--json'])).stdout);
    assert.deepEqual(seen.components[0].versions[0].bad, { reason: 'INC-42', by: 'Ana <ana@example.com>', at: '2026-02-03T09:00:00.000Z' });
    refused(runCli(ben, null, ['set', 'prompts/analysis', 'staging', 'v2.0.0', '--yes']), /marked bad by Ana/);

    // mark-bad --push publishes a mark alone, and marks made in two clones at once are merged, never lost.
    succeeded(runCli(ben, '2026-02-04T09:00:00Z', ['unmark-bad', 'prompts/analysis', 'v2.0.0', '--yes', '--push']));
    assert.equal(remote.git('rev-parse', HISTORY_REF), ben.git('rev-parse', HISTORY_REF));
    succeeded(runCli(ana, '2026-02-04T10:00:00Z', ['mark-bad', 'prompts/analysis', 'v1.8.0', '--reason', 'old prompt', '--yes', '--push']));
    assert.equal(remote.git('rev-parse', HISTORY_REF), ana.git('rev-parse', HISTORY_REF));
    assert.equal(ana.git('rev-list', '--merges', '--count', HISTORY_REF), '1', 'Ana’s mark joined Ben’s unmark with a merge');
    succeeded(runCli(ben, null, ['fetch']));
    for (const clone of [ana, ben]) {
      const versions = JSON.parse(succeeded(runCli(clone, null, ['status', '--json'])).stdout).components[0].versions as { version: string; bad: { reason: string } | null }[];
      assert.deepEqual(versions.map((v) => [v.version, v.bad?.reason ?? null]), [['v2.0.0', null], ['v1.9.0', null], ['v1.8.0', 'old prompt']]);
    }
  });

  it('rollback to a higher named VERSION is called a deploy and recorded as one; the next rollout environment is named', () => {
    const repo = analysisRepo();
    for (const env of ['canary', 'staging', 'production']) succeeded(runCli(repo, '2026-02-01T09:00:00Z', ['set', 'prompts/analysis', env, 'v2.0.0', '--yes']));
    const first = succeeded(runCli(repo, '2026-02-02T09:00:00Z', ['rollback', 'prompts/analysis', 'canary', 'v1.9.0', '--yes']));
    assert.match(first.stdout, /Next in the rollout order \(canary → staging → production\): staging is at v2\.0\.0\. Roll it back too with: edgit-deploy rollback prompts\/analysis staging v1\.9\.0\n/);
    succeeded(runCli(repo, '2026-02-02T10:00:00Z', ['set', 'prompts/analysis', 'staging', 'v1.9.0', '--yes']));
    const second = succeeded(runCli(repo, '2026-02-02T11:00:00Z', ['rollback', 'prompts/analysis', 'canary', 'v1.8.0', '--yes']));
    assert.match(second.stdout, /staging is at v1\.9\.0\. Roll it back too with: edgit-deploy rollback prompts\/analysis staging v1\.8\.0/);
    const custom = succeeded(runCli(repo, '2026-02-02T12:00:00Z', ['rollback', 'prompts/analysis', 'staging', 'v1.8.0', '--yes'], { EDGIT_ROLLOUT_ORDER: 'staging,production' }));
    assert.match(custom.stdout, /\(staging → production\): production is at v2\.0\.0.*rollback prompts\/analysis production v1\.8\.0/);

    const analysisAndExtraction = TestRepo.init();
    for (const v of ['v1.0.0', 'v1.1.0']) {
      analysisAndExtraction.commitFile('components/prompts/analysis.md', `a ${v}`);
      analysisAndExtraction.tagVersion(A, v);
      analysisAndExtraction.commitFile('components/prompts/extraction.md', `e ${v}`);
      analysisAndExtraction.tagVersion('components/prompts/extraction', v);
    }
    for (const env of ['canary', 'staging']) succeeded(runCli(analysisAndExtraction, null, ['batch', env, 'prompts/analysis=v1.1.0', 'prompts/extraction=v1.1.0', '--yes']));
    const both = succeeded(runCli(analysisAndExtraction, null, ['batch', 'canary', 'prompts/analysis=v1.0.0', 'prompts/extraction=v1.0.0', '--yes']));
    assert.match(both.stdout, /staging has prompts\/analysis at v1\.1\.0, prompts\/extraction at v1\.1\.0\. Roll it back too with: edgit-deploy batch staging prompts\/analysis=v1\.0\.0 prompts\/extraction=v1\.0\.0\n/);

    const forward = succeeded(runCli(repo, '2026-02-03T09:00:00Z', ['rollback', 'prompts/analysis', 'canary', 'v2.0.0', '--yes', '--json']));
    assert.match(forward.stderr, /v2\.0\.0 is higher than v1\.8\.0: this is a deploy \(roll forward\), not a rollback/);
    assert.equal(JSON.parse(forward.stdout).action, 'set');
    assert.doesNotMatch(forward.stderr, /Next in the rollout order/);
  });
});
