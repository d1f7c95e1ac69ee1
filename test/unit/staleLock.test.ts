import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Git, HISTORY_REF, StaleLockError, applyRefUpdates, gitErrorDetail } from '../../src/engine';
import { runCli, succeeded, requireBuiltCli } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';

const E = 'components/prompts/extraction';

function deployed(): TestRepo {
  const repo = TestRepo.init();
  for (const v of ['v1.0.0', 'v1.1.0']) {
    repo.commitFile('components/prompts/extraction.md', `extraction ${v}`);
    repo.tagVersion(E, v);
  }
  succeeded(runCli(repo, null, ['set', 'prompts/extraction', 'production', 'v1.1.0', '--yes']));
  return repo;
}

/** A `.lock` file as a killed git process leaves it. */
function leaveLock(repo: TestRepo, ref: string): string {
  const file = path.join(repo.dir, '.git', ...ref.split('/')) + '.lock';
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '');
  return file;
}

describe('a stale lock left by an interrupted command is named', () => {
  requireBuiltCli();
  after(cleanupTempDirs);

  it('the CLI names .git/refs/edgit/history.lock, says who probably left it and how to check before removing it', () => {
    const repo = deployed();
    const remote = TestRepo.init(undefined, { bare: true });
    repo.publishTo(remote);
    const lock = leaveLock(repo, HISTORY_REF);
    const before = repo.allRefs();
    for (const push of [[], ['--push']]) {
      const r = runCli(repo, null, ['rollback', 'prompts/extraction', 'production', '--yes', ...push]);
      assert.equal(r.code, 1, r.stdout);
      assert.ok(r.stderr.includes(lock), `names the file: ${r.stderr}`);
      assert.match(r.stderr, /An interrupted Edgit or git command .* probably left it; nothing was changed\./);
      assert.match(r.stderr, /Check that no git process is running in this repository \(`pgrep -a git`.*then delete the file/);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.deepEqual(repo.allRefs(), before);
    }
    rmSync(lock);
    succeeded(runCli(repo, null, ['rollback', 'prompts/extraction', 'production', '--yes', '--push']));
    assert.equal(remote.peeled(`${E}/production`), repo.peeled(`${E}/v1.0.0`));
  });

  it('the engine exposes the lock file on the error (for an editor button), also for a tag ref', async () => {
    const repo = deployed();
    const lock = leaveLock(repo, `refs/tags/${E}/production`);
    const git = new Git(repo.dir);
    const current = repo.refValue(`${E}/production`);
    const v1 = repo.refValue(`${E}/v1.0.0`);
    await assert.rejects(
      applyRefUpdates(git, [{ ref: `refs/tags/${E}/production`, oldValue: current, newValue: v1 }], 'test'),
      (e: unknown) => e instanceof StaleLockError && e.code === 'conflict' && e.lockFile === lock && e.relativeTo(repo.dir) === `.git/refs/tags/${E}/production.lock`,
    );
    assert.equal(repo.refValue(`${E}/production`), current);
  });

  it("keeps git's error lines that say what happened, not only its last line", () => {
    const stderr = "fatal: cannot lock ref 'refs/x': reference already exists\n\nhint: some advice\nremove the file manually to continue.\n";
    assert.equal(gitErrorDetail(stderr), "cannot lock ref 'refs/x': reference already exists");
    assert.equal(gitErrorDetail('error: a\nerror: b\n'), 'a; b');
    assert.equal(gitErrorDetail('just one line\n'), 'just one line');
    assert.equal(gitErrorDetail('', 'exit code 1'), 'exit code 1');
  });
});
