import { Git } from '../git';
import { readRefs } from '../refTransaction';

/** The deployment history: commits with the empty tree, never a tag (CI deploys tags) nor a file. */
export const HISTORY_REF = 'refs/edgit/history';

/** Where a fetch puts a remote's history before it is merged into ours. */
export function remoteHistoryRef(remote: string): string {
  return `refs/edgit/remotes/${remote}/history`;
}

/**
 * The fetch refspec of a remote's history. A pattern (`history*`), so that a remote without any
 * history is not an error for the fetch it is part of.
 */
export function historyFetchRefspec(remote: string): string {
  return `+${HISTORY_REF}*:${remoteHistoryRef(remote)}*`;
}

/** The current value of the local history ref, or null when there is none. */
export async function readHistoryHead(git: Git, ref: string = HISTORY_REF): Promise<string | null> {
  return (await readRefs(git, [ref])).get(ref) ?? null;
}

/** The commits among `commits` that are not ancestors of another one. */
export async function independentTips(git: Git, commits: readonly string[]): Promise<string[]> {
  const unique = [...new Set(commits)];
  if (unique.length <= 1) return unique;
  return (await git.text(['merge-base', '--independent', ...unique])).split('\n').filter(Boolean);
}

export async function isAncestor(git: Git, ancestor: string, descendant: string): Promise<boolean> {
  if (ancestor === descendant) return true;
  const r = await git.run(['merge-base', '--is-ancestor', ancestor, descendant], { okExitCodes: [1] });
  return r.exitCode === 0;
}

