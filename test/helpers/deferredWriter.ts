/**
 * A child process for the deferred-write test: loads a snapshot as a long-lived host does
 * (writes deferred), reports which cache files exist, then flushes (as the extension's
 * deactivate does) and reports again. Prints JSON: { before: string[], after: string[] }.
 *   node deferredWriter.js <repo>
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { Git, deferCacheWrites, flushCacheWrites, loadSnapshot } from '../../src/engine';

function files(dir: string): string[] {
  try {
    return readdirSync(path.join(dir, '.git', 'edgit', 'cache')).sort();
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  deferCacheWrites();
  await loadSnapshot(new Git(dir), { rememberListing: true });
  const before = files(dir);
  await flushCacheWrites();
  process.stdout.write(JSON.stringify({ before, after: files(dir) }));
  // Exits at once: the deferred timers were cleared by the flush (else the process would wait for them).
}

void main();
