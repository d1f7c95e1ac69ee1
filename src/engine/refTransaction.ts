import { Git } from './git';
import { EdgitError } from './errors';

export const ZERO_OID = '0000000000000000000000000000000000000000';

/** One ref change with the value it must still have: the compare half of a compare-and-swap. */
export interface RefUpdate {
  readonly ref: string;
  /** Expected current value; null means the ref must not exist. */
  readonly oldValue: string | null;
  /** New value; null deletes the ref. */
  readonly newValue: string | null;
}

/**
 * Applies ref updates all-or-nothing with `git update-ref --stdin` (start/prepare/commit):
 * every ref is locked and checked against its expected old value before any is changed.
 * Throws EdgitError('conflict') naming the ref when one was moved by someone else meanwhile.
 */
export async function applyRefUpdates(git: Git, updates: readonly RefUpdate[], reason: string): Promise<void> {
  if (!updates.length) return;
  for (const u of updates) {
    if (!u.ref.startsWith('refs/') || /[\s\0]/.test(u.ref)) throw new EdgitError(`Invalid ref "${u.ref}".`, 'invalid-name');
  }
  const lines = ['start'];
  for (const u of updates) {
    const old = u.oldValue ?? ZERO_OID;
    if (u.newValue === null) lines.push(`delete ${u.ref} ${old}`);
    else lines.push(`update ${u.ref} ${u.newValue} ${old}`);
  }
  lines.push('prepare', 'commit', '');
  const result = await git.run(['update-ref', '--create-reflog', '-m', reason.replace(/\n/g, ' '), '--stdin'], {
    input: lines.join('\n'),
    okExitCodes: [1, 128],
  });
  if (result.exitCode !== 0) {
    const detail = result.stderr.trim().split('\n').pop() ?? '';
    const moved = updates.find((u) => detail.includes(u.ref));
    throw new EdgitError(
      moved
        ? `${moved.ref.replace(/^refs\/tags\//, '')} changed while this was being prepared; nothing was changed (${detail.replace(/^fatal: /, '')}).`
        : `git refused the tag update; nothing was changed (${detail.replace(/^fatal: /, '')}).`,
      'conflict',
      'Refresh and try again.',
    );
  }
}

/** Current values of refs (null where absent), in one `git cat-file --batch-check`. */
export async function readRefs(git: Git, refs: readonly string[]): Promise<Map<string, string | null>> {
  const result = new Map<string, string | null>();
  if (!refs.length) return result;
  const out = await git.text(['cat-file', '--batch-check=%(objectname)'], {
    input: refs.map((r) => `${r}\n`).join(''),
  });
  const lines = out.split('\n');
  refs.forEach((r, i) => result.set(r, /^[0-9a-f]{40,64}$/.test(lines[i] ?? '') ? lines[i] : null));
  return result;
}
