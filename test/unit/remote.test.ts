import * as assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  Git,
  PushRefusedError,
  environmentDrift,
  executeBatch,
  fetchEnvironmentTags,
  loadSnapshot,
  planEnvironmentMove,
  prepareBatch,
  pushPendingMoves,
} from '../../src/engine';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';

const A = 'components/prompts/analysis';
const E = 'components/prompts/extraction';

/** A bare remote with two components deployed, Ana's clone and Ben's clone. */
function team(): { remote: TestRepo; ana: TestRepo; ben: TestRepo } {
  const seed = TestRepo.init();
  for (const v of ['v1.0.0', 'v1.1.0', 'v2.0.0']) {
    seed.commitFile('components/prompts/extraction.md', `extraction ${v}`);
    seed.tagVersion(E, v);
    seed.commitFile('components/prompts/analysis.md', `analysis ${v}`);
    seed.tagVersion(A, v);
  }
  seed.setEnvLikeCli(E, 'production', 'v2.0.0');
  seed.setEnvLikeCli(A, 'production', 'v2.0.0');
  const remote = TestRepo.init(undefined, { bare: true });
  seed.git('push', '-q', remote.dir, 'main', '--tags');
  const ana = TestRepo.clone(remote, undefined, { name: 'Ana', email: 'ana@example.com' });
  const ben = TestRepo.clone(remote, undefined, { name: 'Ben', email: 'ben@example.com' });
  return { remote, ana, ben };
}

async function move(repo: TestRepo, moves: [string, string, string][], remote: string | null) {
  const git = new Git(repo.dir);
  const snap = await loadSnapshot(git);
  const batch = await prepareBatch(
    git,
    moves.map(([c, env, v]) => planEnvironmentMove(snap, c, env, v)),
    { action: 'rollback' },
  );
  return executeBatch(git, batch, { remote });
}

describe('remote: atomic pushes with leases, drift and fetch', () => {
  after(cleanupTempDirs);

  it('pushes exactly the moved tags in one atomic push', async () => {
    const { remote, ana } = team();
    const versionsBefore = remote.git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/tags/components/prompts/extraction/v*');
    await move(ana, [['prompts/extraction', 'production', 'v1.1.0']], 'origin');
    assert.equal(remote.git('rev-parse', `refs/tags/${E}/production^{commit}`), remote.git('rev-parse', `refs/tags/${E}/v1.1.0^{commit}`));
    assert.equal(remote.refValue(`${E}/production`), ana.refValue(`${E}/production`));
    assert.equal(remote.git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/tags/components/prompts/extraction/v*'), versionsBefore);
    const drift = await environmentDrift(new Git(ana.dir), await loadSnapshot(new Git(ana.dir)), 'origin');
    assert.ok(drift.every((d) => d.kind === 'in-sync'), JSON.stringify(drift));
  });

  it("refuses, without changing anything anywhere, when a teammate moved the tag meanwhile", async () => {
    const { remote, ana, ben } = team();
    await environmentDrift(new Git(ana.dir), await loadSnapshot(new Git(ana.dir)), 'origin'); // Ana's last sync
    await move(ben, [['prompts/extraction', 'production', 'v1.0.0']], 'origin');
    const remoteBefore = remote.allRefs();
    const anaBefore = ana.allRefs();
    await assert.rejects(move(ana, [['prompts/extraction', 'production', 'v1.1.0']], 'origin'), (e: unknown) => {
      assert.ok(e instanceof PushRefusedError);
      assert.match(e.userMessage, /refused the push, so nothing changed there: prompts\/extraction · production was moved on the remote since your last fetch \(git: stale info\).*fetch/s);
      return true;
    });
    assert.deepEqual(remote.allRefs(), remoteBefore);
    assert.deepEqual(ana.allRefs(), anaBefore);
    const drift = await environmentDrift(new Git(ana.dir), await loadSnapshot(new Git(ana.dir)), 'origin');
    assert.equal(drift.find((d) => d.ref.endsWith(`${E}/production`))?.kind, 'remote-moved');
  });

  it('a remote hook rejecting one tag of a batch leaves every tag, local and remote, as it was', async () => {
    const { remote, ana } = team();
    const hook = path.join(remote.dir, 'hooks', 'pre-receive');
    writeFileSync(
      hook,
      '#!/bin/sh\nwhile read old new ref; do\n  case "$ref" in *analysis/production) echo "analysis is frozen" >&2; exit 1;; esac\ndone\nexit 0\n',
    );
    chmodSync(hook, 0o755);
    const remoteBefore = remote.allRefs();
    const anaBefore = ana.allRefs();
    await assert.rejects(
      move(ana, [['prompts/extraction', 'production', 'v1.1.0'], ['prompts/analysis', 'production', 'v1.0.0']], 'origin'),
      /refused the push/,
    );
    assert.deepEqual(remote.allRefs(), remoteBefore);
    assert.deepEqual(ana.allRefs(), anaBefore);
  });

  it('keeps the local tags locked while the push is under way, so an accepted push always lands locally too', async () => {
    const { remote, ana } = team();
    // While the remote receives the push, another process tries to move Ana's local tag.
    const hook = path.join(remote.dir, 'hooks', 'pre-receive');
    const marker = path.join(ana.dir, '.git', 'hook-tried');
    writeFileSync(
      hook,
      `#!/bin/sh\ncat >/dev/null\nunset GIT_DIR GIT_QUARANTINE_PATH GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES\n` +
        `if git -C '${ana.dir}' tag -f ${E}/production ${E}/v1.0.0 >/dev/null 2>&1; then echo moved > '${marker}'; else echo locked > '${marker}'; fi\nexit 0\n`,
    );
    chmodSync(hook, 0o755);
    await move(ana, [['prompts/extraction', 'production', 'v1.1.0']], 'origin');
    assert.equal(readFileSync(marker, 'utf8').trim(), 'locked');
    assert.equal(ana.refValue(`${E}/production`), remote.refValue(`${E}/production`));
    assert.equal(ana.peeled(`${E}/production`), ana.peeled(`${E}/v1.1.0`));
  });

  it('tells a local move not pushed from a remote move, pushes pending moves, and fetches with force but keeps unpushed moves', async () => {
    const { remote, ana, ben } = team();
    const anaGit = new Git(ana.dir);
    await environmentDrift(anaGit, await loadSnapshot(anaGit), 'origin');
    const remoteAnalysisBefore = remote.refValue(`${A}/production`);
    await move(ana, [['prompts/analysis', 'production', 'v1.1.0']], null); // local only
    await move(ben, [['prompts/extraction', 'production', 'v1.0.0']], 'origin'); // teammate, pushed
    let drift = await environmentDrift(anaGit, await loadSnapshot(anaGit), 'origin');
    const kind = (tag: string) => drift.find((d) => d.ref === `refs/tags/${tag}`)?.kind;
    assert.equal(kind(`${A}/production`), 'local-ahead');
    assert.equal(kind(`${E}/production`), 'remote-moved');

    const report = await fetchEnvironmentTags(anaGit, await loadSnapshot(anaGit), 'origin');
    assert.deepEqual(report.keptLocal, [`${A}/production`]);
    assert.deepEqual(report.updated.map((u) => u.ref), [`refs/tags/${E}/production`]);
    assert.equal(ana.refValue(`${E}/production`), remote.refValue(`${E}/production`));
    assert.notEqual(ana.refValue(`${A}/production`), remote.refValue(`${A}/production`));

    // Ben moves analysis too: both sides moved since the last sync. Ana's unpushed move is still kept.
    await move(ben, [['prompts/analysis', 'production', 'v1.0.0']], 'origin');
    const anaAnalysis = ana.refValue(`${A}/production`);
    const diverged = await fetchEnvironmentTags(anaGit, await loadSnapshot(anaGit), 'origin');
    assert.deepEqual(diverged.keptLocal, [`${A}/production`]);
    assert.equal(ana.refValue(`${A}/production`), anaAnalysis);
    drift = await environmentDrift(anaGit, await loadSnapshot(anaGit), 'origin');
    assert.equal(drift.find((d) => d.ref === `refs/tags/${A}/production`)?.kind, 'diverged');
    // The remote's owner puts analysis back where Ana last saw it: her local move is ahead again.
    assert.ok(remoteAnalysisBefore);
    remote.git('update-ref', `refs/tags/${A}/production`, remoteAnalysisBefore);
    drift = await environmentDrift(anaGit, await loadSnapshot(anaGit), 'origin');
    const pushed = await pushPendingMoves(anaGit, 'origin', drift);
    assert.deepEqual(pushed.updates.map((u) => u.ref), [`refs/tags/${A}/production`]);
    assert.equal(remote.refValue(`${A}/production`), ana.refValue(`${A}/production`));
  });

  it('fetch never moves a version tag, and brings new versions', async () => {
    const { remote, ana, ben } = team();
    ben.commitFile('components/prompts/extraction.md', 'v3');
    ben.tagVersion(E, 'v3.0.0');
    // Someone rewrote a version tag on the remote (forbidden, but it happens).
    ben.git('tag', '-f', '-a', '-m', 'rewritten', `${E}/v1.0.0`, 'HEAD');
    ben.git('push', '-q', '--force', 'origin', 'main', `refs/tags/${E}/v3.0.0`, `refs/tags/${E}/v1.0.0`);
    const mine = ana.refValue(`${E}/v1.0.0`);
    const anaGit = new Git(ana.dir);
    const report = await fetchEnvironmentTags(anaGit, await loadSnapshot(anaGit), 'origin');
    assert.deepEqual(report.newVersions, [`${E}/v3.0.0`]);
    assert.deepEqual(report.conflictingVersions, [`${E}/v1.0.0`]);
    assert.equal(ana.refValue(`${E}/v1.0.0`), mine);
    assert.equal(ana.refValue(`${E}/v3.0.0`), remote.refValue(`${E}/v3.0.0`));
  });
});
