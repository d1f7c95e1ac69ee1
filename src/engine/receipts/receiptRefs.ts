import { Git } from '../git';
import { isObjectId } from '../gitObjects';

/**
 * Deploy receipts: commits (empty tree) under their own ref, apart from the tags and the history
 * people's pushes lease, so that a deploy job reporting never makes a person's move fail, and a
 * person's push never makes a report fail.
 */
export const RECEIPTS_REF = 'refs/edgit/receipts';

/** Where a fetch puts a remote's receipts (never merged: readers join every tip). */
export function remoteReceiptsRef(remote: string): string {
  return `refs/edgit/remotes/${remote}/receipts`;
}

/** The fetch refspec of a remote's receipts: a pattern, so a remote without receipts is not an error. */
export function receiptsFetchRefspec(remote: string): string {
  return `+${RECEIPTS_REF}*:${remoteReceiptsRef(remote)}*`;
}

/**
 * The receipts' tips this clone knows: its own ref and every remote's, by ref name. One
 * `git for-each-ref`; names are this clone's own refs (remote names from its config).
 */
export async function readReceiptTips(git: Git): Promise<Map<string, string>> {
  const out = await git.text(['for-each-ref', '--format=%(objectname) %(refname)', RECEIPTS_REF, 'refs/edgit/remotes/']);
  const tips = new Map<string, string>();
  for (const line of out.split('\n')) {
    const space = line.indexOf(' ');
    const id = line.slice(0, space);
    const ref = line.slice(space + 1);
    if (isObjectId(id) && (ref === RECEIPTS_REF || (ref.startsWith('refs/edgit/remotes/') && ref.endsWith('/receipts')))) tips.set(ref, id);
  }
  return tips;
}
