import { spawn } from 'node:child_process';

/**
 * The baseline: spawns git from Node with the given argv and collects its whole stdout,
 * with nothing else (no wrapper, no parsing). Resolves with the number of bytes read.
 */
export function bareGit(cwd: string, args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`git ${args[0]} exited with ${code}`));
      else resolve(Buffer.concat(chunks).length);
    });
  });
}

/** The second reference: the cheapest listing of the same refs (names only, no object is read). */
/**
 * The baseline of the snapshot and process benches: one for-each-ref that opens every tag's object
 * and prints what the snapshot needs (what the engine ran before it read objects length-prefixed).
 */
export const RICH_FOR_EACH_REF_ARGS = [
  'for-each-ref',
  '--format=' +
    ['%(refname)', '%(objectname)', '%(objecttype)', '%(object)', '%(type)', '%(*objectname)', '%(*objecttype)', '%(creatordate:iso-strict)', '%(taggername)', '%(taggeremail)', '%(authorname)', '%(authoremail)', '%(contents:subject)'].join('%1f') +
    '%1e',
  'refs/tags',
] as const;

/** The baseline of the history and process benches: one `git log` printing every history commit's id, committer and message. */
export function historyLogArgs(tips: readonly string[]): string[] {
  return ['log', '--topo-order', '--no-show-signature', '--no-decorate', '--format=%x1e%H%x1f%ct%x1f%cn <%ce>%x1f%B', ...tips, '--'];
}

export const MINIMAL_FOR_EACH_REF_ARGS = ['for-each-ref', '--format=%(refname)', 'refs/tags'] as const;
