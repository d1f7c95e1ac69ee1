/**
 * A child process for the deferred-write test: loads a snapshot as a long-lived host does
 * (writes deferred), reports which cache files exist, then flushes (as the extension's
 * deactivate does) and reports again. Prints JSON: { before: string[], after: string[] }.
 * With a TAG, that tag is first moved to HEAD's commit and back (each read as a file watcher
 * would report it) before the flush.
 *   node deferredWriter.js <repo> [TAG]
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { Git, loadSnapshot, refreshSnapshot } from '../../src/engine';

function files(dir: string): string[] {
  try {
    return readdirSync(path.join(dir, '.git', 'edgit', 'cache')).sort();
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  const tag = process.argv[3];
  const git = new Git(dir);
  git.caches.deferWrites();
  let shown = await loadSnapshot(git, { rememberListing: true });
  const before = files(dir);
  if (tag) {
    const git_ = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
    const original = git_('rev-parse', `refs/tags/${tag}`);
    git_('update-ref', `refs/tags/${tag}`, git_('rev-parse', 'HEAD'));
    shown = await refreshSnapshot(git, shown, [tag]);
    git_('update-ref', `refs/tags/${tag}`, original);
    await refreshSnapshot(git, shown, [tag]);
  }
  await git.caches.flush();
  process.stdout.write(JSON.stringify({ before, after: files(dir) }));
  // Exits at once: the deferred timers were cleared by the flush (else the process would wait for them).
}

void main();
