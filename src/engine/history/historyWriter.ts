import { Git } from '../git';
import { EdgitError } from '../errors';
import { gitErrorDetail } from '../gitMessages';
import { applyRefUpdates } from '../refTransaction';
import { DeploymentHistory } from './deploymentHistory';
import { EventDraft, HistoryEvent, formatHistoryMessage } from './historyEvents';
import { HISTORY_REF } from './historyRefs';
import { extendHistory } from './historyReader';

/** The empty tree's id (written to the object store, which `git mktree` does). */
async function emptyTree(git: Git): Promise<string> {
  return git.line(['mktree'], { input: '' });
}

/**
 * Writes one history commit (empty tree) with the given parents and events; no ref changes.
 * Its committer date and identity are git's own (GIT_COMMITTER_DATE, user.name/email).
 */
export async function writeHistoryCommit(
  git: Git,
  parents: readonly string[],
  summary: string,
  reason: string | null,
  drafts: readonly EventDraft[],
): Promise<string> {
  return writeHistoryMessage(git, parents, formatHistoryMessage(summary, reason, drafts));
}

/**
 * Writes one history commit (empty tree) with this exact message; no ref changes. `env` may set
 * its author and committer (GIT_COMMITTER_NAME, GIT_COMMITTER_DATE…), e.g. to keep those of a
 * commit it copies events from: a recorded event's time and author are its commit's.
 */
export async function writeHistoryMessage(git: Git, parents: readonly string[], message: string, env?: Readonly<Record<string, string>>): Promise<string> {
  const args = ['commit-tree', await emptyTree(git)];
  for (const p of new Set(parents)) args.push('-p', p);
  const result = await git.run(args, { input: message, env, okExitCodes: [128] });
  if (result.exitCode !== 0) {
    throw new EdgitError(
      `Could not write the deployment history: ${gitErrorDetail(result.stderr, 'git commit-tree failed')}`,
      /identity|tell me who you are|name/i.test(result.stderr) ? 'bad-input' : 'git-failed',
      'Check that git knows who you are (`git config user.name` and `user.email`).',
    );
  }
  return result.stdout.toString('utf8').trim();
}

/** Writes a merge commit (no events) joining our history and a remote's. */
export async function writeMergeCommit(git: Git, ours: string, theirs: string, remote: string): Promise<string> {
  return writeHistoryCommit(git, [ours, theirs], `Merge deployment history from ${remote}`, null, []);
}

/**
 * Appends events to the local history in one commit and moves the ref with a compare-and-swap
 * from the loaded history's head, then adds the events to the loaded history. Returns them.
 */
export async function appendToHistory(
  git: Git,
  history: DeploymentHistory,
  summary: string,
  reason: string | null,
  drafts: readonly EventDraft[],
): Promise<HistoryEvent[]> {
  if (!drafts.length) return [];
  const parents = [...history.tips];
  const commit = await writeHistoryCommit(git, parents, summary, reason, drafts);
  await applyRefUpdates(git, [{ ref: HISTORY_REF, oldValue: history.head, newValue: commit }], `edgit-deploy: history ${summary}`);
  return extendHistory(git, history, [commit]);
}

