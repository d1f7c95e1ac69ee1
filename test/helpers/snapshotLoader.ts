/**
 * A child process for the concurrency test of the tag object cache: loads the snapshot of a
 * repository and its deployment history N times, each time with the caches (re-reading the
 * files, as a new process would) and without them, and exits 1 at the first difference.
 *   node snapshotLoader.js <repo> <times>
 */
import * as assert from 'node:assert/strict';
import { Git, HISTORY_REF, loadHistory, loadSnapshot } from '../../src/engine';

async function main(): Promise<void> {
  const [dir, times] = process.argv.slice(2);
  for (let i = 0; i < Number(times); i++) {
    // A Git of its own each time: its caches are read from the files again, as a new process would.
    const git = new Git(dir);
    // The tags may move between two reads: compare with a read made after ours, retrying once when they moved.
    for (let attempt = 0; ; attempt++) {
      const refs = ['for-each-ref', '--format=%(refname) %(objectname)', 'refs/tags', HISTORY_REF];
      const before = await git.text(refs);
      const cached = await loadSnapshot(git);
      const fresh = await loadSnapshot(git, { cache: false });
      const cachedHistory = await loadHistory(git);
      const freshHistory = await loadHistory(git, { cache: false });
      const after = await git.text(refs);
      if (before !== after) {
        if (attempt < 20) continue;
        break;
      }
      assert.deepEqual(cached.components, fresh.components, `load ${i}: the cached snapshot differs`);
      assert.deepEqual(cachedHistory.events, freshHistory.events, `load ${i}: the cached history differs`);
      break;
    }
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
