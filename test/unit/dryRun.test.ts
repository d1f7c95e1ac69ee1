import * as assert from 'node:assert/strict';
import { runCli, succeeded, requireBuiltCli } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';

const A = 'components/prompts/analysis';
const E = 'components/prompts/extraction';

/** Analysis and extraction v1.8.0, v1.9.0, v2.0.0, production at v2.0.0 (pushed), staging moved here and not pushed. */
function published(): { repo: TestRepo; remote: TestRepo } {
  const repo = TestRepo.init();
  ['v1.8.0', 'v1.9.0', 'v2.0.0'].forEach((v, i) => {
    repo.clock = `2026-01-0${i + 1}T10:00:00Z`;
    repo.commitFile('components/prompts/analysis.md', `# analysis\nmodel ${v}\n${'rule\n'.repeat(i + 1)}`);
    repo.tagVersion(A, v);
    repo.commitFile('components/prompts/extraction.md', `extraction ${v}\n`);
    repo.tagVersion(E, v);
  });
  repo.clock = null;
  const remote = TestRepo.init(undefined, { bare: true });
  repo.publishTo(remote);
  succeeded(runCli(repo, '2026-02-01T09:00:00Z', ['batch', 'production', 'prompts/analysis=v2.0.0', 'prompts/extraction=v2.0.0', '--yes', '--push']));
  succeeded(runCli(repo, '2026-02-01T10:00:00Z', ['set', 'prompts/analysis', 'staging', 'v2.0.0', '--yes', '--push']));
  succeeded(runCli(repo, '2026-02-02T09:00:00Z', ['set', 'prompts/analysis', 'staging', 'v1.9.0', '--yes']));
  return { repo, remote };
}

describe('--dry-run: plans before moves', () => {
  requireBuiltCli();
  after(cleanupTempDirs);

  it('set, rollback, batch, recreate, push and mark-bad print the plan, exit 0 and change no ref here or on the remote', () => {
    const { repo, remote } = published();
    const local = repo.allRefs();
    const theirs = remote.allRefs();
    const cases: string[][] = [
      ['set', 'prompts/analysis', 'production', 'v1.8.0', '--push'],
      ['set', 'prompts/analysis', 'canary', 'v1.9.0'],
      ['rollback', 'prompts/analysis', 'production', '--push', '--mark-bad', '--reason', 'INC-1'],
      ['rollback', 'prompts/analysis', 'production', 'v1.8.0', '--push'],
      ['batch', 'production', 'prompts/analysis=v1.9.0', 'prompts/extraction=v1.8.0', '--push', '--mark-bad'],
      ['recreate', '2026-02-01T09:30:00Z', 'staging', '--from', 'production', '--push'],
      ['push'],
      ['mark-bad', 'prompts/analysis', 'v2.0.0', '--reason', 'INC-1', '--push'],
      ['unmark-bad', 'prompts/analysis', 'v2.0.0', '--push'],
    ];
    for (const args of cases) {
      for (const json of [false, true]) {
        const r = succeeded(runCli(repo, '2026-02-03T09:00:00Z', [...args, '--dry-run', ...(json ? ['--json'] : [])]));
        if (json) {
          const plan = JSON.parse(r.stdout);
          assert.equal(plan.dryRun, true, args.join(' '));
          assert.ok(Array.isArray(plan.moves) && Array.isArray(plan.checks), args.join(' '));
        } else assert.match(r.stdout, /Dry run: nothing was changed/, args.join(' '));
        assert.deepEqual(repo.allRefs(), local, `local refs after ${args.join(' ')}`);
        assert.deepEqual(remote.allRefs(), theirs, `remote refs after ${args.join(' ')}`);
      }
    }
  });

  it('the plan names each tag from → to, the checks, and the lines the component file gains and loses', () => {
    const { repo } = published();
    const human = succeeded(runCli(repo, null, ['set', 'prompts/analysis', 'production', 'v1.8.0', '--push', '--dry-run']));
    const production = repo.refValue(`${A}/production`)?.slice(0, 10);
    assert.match(human.stdout, /^prompts\/analysis · production: v2\.0\.0 → v1\.8\.0 \(rollback\)$/m);
    assert.match(human.stdout, new RegExp(`^  tag components/prompts/analysis/production: ${production} → a new tag object for v1\\.8\\.0 \\(commit [0-9a-f]{10}\\)$`, 'm'));
    assert.match(human.stdout, /^ {2}content components\/prompts\/analysis\.md: \+1 −3 lines$/m);
    assert.match(human.stdout, /^ {2}ok {3}remote-drift: production matches the remote$/m);
    assert.match(human.stdout, /Would ask to confirm by typing: production\./);

    const plan = JSON.parse(succeeded(runCli(repo, null, ['batch', 'production', 'prompts/analysis=v1.9.0', 'prompts/extraction=v2.0.0', '--dry-run', '--json'])).stdout);
    assert.deepEqual(
      plan.moves.map((m: { component: string; from: { version: string }; to: { version: string }; direction: string; content: { added: number; removed: number } }) => [
        m.component,
        m.from.version,
        m.to.version,
        m.direction,
        m.content.added,
        m.content.removed,
      ]),
      [
        ['prompts/analysis', 'v2.0.0', 'v1.9.0', 'rollback', 1, 2],
        ['prompts/extraction', 'v2.0.0', 'v2.0.0', 'current', 0, 0],
      ],
    );
    assert.deepEqual(plan.refused.map((c: { id: string }) => c.id), ['differs-from-current'], 'what a real run would refuse');
    assert.equal(plan.checks[0].checks.find((c: { id: string }) => c.id === 'marked-bad').status, 'pass');

    // A new environment: every line of the file is added.
    const created = JSON.parse(succeeded(runCli(repo, null, ['set', 'prompts/analysis', 'canary', 'v1.9.0', '--dry-run', '--json'])).stdout);
    assert.deepEqual([created.moves[0].from, created.moves[0].direction, created.moves[0].content.added, created.moves[0].content.removed], [null, 'new', 4, 0]);

    // push lists the pending tag from → to (remote value → local value).
    const push = succeeded(runCli(repo, null, ['push', '--dry-run', '--json']));
    assert.deepEqual(
      JSON.parse(push.stdout).moves.map((m: { tag: string; from: { version: string }; to: { version: string } }) => [m.tag, m.from.version, m.to.version]),
      [[`${A}/staging`, 'v2.0.0', 'v1.9.0']],
    );
    const pushHuman = succeeded(runCli(repo, null, ['push', '--dry-run']));
    assert.match(pushHuman.stdout, /components\/prompts\/analysis\/staging: v2\.0\.0 → v1\.9\.0/);
    assert.match(pushHuman.stdout, /refs\/edgit\/history: [0-9a-f]{10} → [0-9a-f]{10}/);
  });

  it('push lists each tag before asking; a move of an environment with an unpushed local move shows the local and the remote value', () => {
    const { repo } = published();
    const push = runCli(repo, null, ['push']);
    assert.equal(push.code, 1);
    assert.match(push.stdout, /components\/prompts\/analysis\/staging: v2\.0\.0 → v1\.9\.0/);
    assert.match(push.stderr, /no terminal to confirm/);
    const move = runCli(repo, null, ['set', 'prompts/analysis', 'staging', 'v1.8.0', '--push']);
    assert.equal(move.code, 1);
    assert.match(move.stdout, /note: staging here is v1\.9\.0 \(not pushed\); on origin it is v2\.0\.0/);
    const local = runCli(repo, null, ['set', 'prompts/analysis', 'staging', 'v1.8.0']);
    assert.equal(local.code, 1);
    assert.match(local.stdout, /note: staging here is v1\.9\.0 \(not pushed\); on origin it was v2\.0\.0 at the last sync/);
  });
});
