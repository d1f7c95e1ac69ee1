import { Git } from './git';
import { EdgitError } from './errors';
import { gitErrorDetail, staleLockError } from './gitMessages';

const ZERO_OID = '0000000000000000000000000000000000000000';

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
  const lines = updateLines(updates);
  const result = await git.run(['update-ref', '--create-reflog', '-m', reason.replace(/\n/g, ' '), '--stdin'], {
    input: ['start', ...lines, 'prepare', 'commit', ''].join('\n'),
    okExitCodes: [1, 128],
  });
  if (result.exitCode !== 0) throw conflictError(updates, result.stderr);
}

/** The `update-ref --stdin` lines of the updates, each with the old value it must replace. */
function updateLines(updates: readonly RefUpdate[]): string[] {
  for (const u of updates) {
    if (!u.ref.startsWith('refs/') || /[\s\0]/.test(u.ref)) throw new EdgitError(`Invalid ref "${u.ref}".`, 'invalid-name');
  }
  return updates.map((u) => {
    const old = u.oldValue ?? ZERO_OID;
    return u.newValue === null ? `delete ${u.ref} ${old}` : `update ${u.ref} ${u.newValue} ${old}`;
  });
}

/** What to say when git refused a transaction: which ref moved meanwhile, and that nothing changed. */
function conflictError(updates: readonly RefUpdate[], stderr: string): EdgitError {
  // A lock left by an interrupted command is not a teammate's move: say which file and what to do.
  const locked = staleLockError(stderr, 'git refused the tag update');
  if (locked) return locked;
  const detail = gitErrorDetail(stderr, 'no details');
  const moved = updates.find((u) => detail.includes(u.ref));
  return new EdgitError(
    moved
      ? `${moved.ref.replace(/^refs\/tags\//, '')} changed while this was being prepared; nothing was changed (${detail}).`
      : `git refused the tag update; nothing was changed (${detail}).`,
    'conflict',
    'Refresh and try again.',
  );
}

/** Ref updates checked and locked, not yet applied: commit them, or abort and nothing changes. */
export interface HeldRefTransaction {
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * Checks every expected old value and locks every ref (`update-ref --stdin`: start, updates,
 * prepare) and holds the transaction open, so work done meanwhile (an atomic push) can decide
 * between commit and abort while no other process can move these refs. Throws like
 * applyRefUpdates when a ref already differs.
 */
export async function holdRefUpdates(git: Git, updates: readonly RefUpdate[], reason: string): Promise<HeldRefTransaction> {
  const lines = updateLines(updates);
  const conversation = git.converse(['update-ref', '--create-reflog', '-m', reason.replace(/\n/g, ' '), '--stdin']);
  conversation.write(['start', ...lines, 'prepare', ''].join('\n'));
  if (!(await conversation.waitForLine('prepare: ok'))) {
    conversation.end();
    await conversation.exited;
    throw conflictError(updates, conversation.stderr());
  }
  let done = false;
  const finish = async (command: 'commit' | 'abort') => {
    if (done) return;
    done = true;
    conversation.write(`${command}\n`);
    conversation.end();
    const ok = await conversation.waitForLine(`${command}: ok`);
    const code = await conversation.exited;
    if (command === 'commit' && (!ok || code !== 0)) {
      const stderr = conversation.stderr();
      throw staleLockError(stderr, 'git could not commit the tag update') ?? new EdgitError(`git could not commit the tag update: ${gitErrorDetail(stderr, `exit code ${code}`)}.`, 'git-failed');
    }
  };
  return { commit: () => finish('commit'), abort: () => finish('abort') };
}

/** Current values of refs (null where absent), in one `git cat-file --batch-check`. */
export async function readRefs(git: Git, refs: readonly string[]): Promise<Map<string, string | null>> {
  const result = new Map<string, string | null>();
  if (!refs.length) return result;
  const out = await git.text(['cat-file', '--batch-check=%(objectname)', '--buffer'], {
    input: refs.map((r) => `${r}\n`).join(''),
  });
  const lines = out.split('\n');
  refs.forEach((r, i) => result.set(r, /^[0-9a-f]{40,64}$/.test(lines[i] ?? '') ? lines[i] : null));
  return result;
}
