import { Git } from '../git';
import { EdgitError } from '../errors';
import { applyRefUpdates } from '../refTransaction';
import { summarizeMarks } from './badMarks';
import { EventDraft } from './historyEvents';
import { HistorySync, pushHistory } from './historyCompanion';
import { HISTORY_REF, readHistoryHead } from './historyRefs';
import { writeHistoryCommit } from './historyWriter';

export interface RecordedMarks {
  /** The history commit holding the marks. */
  readonly commit: string;
  /** The remote it was pushed to, with how the histories were joined; null when local only. */
  readonly pushedTo: string | null;
  readonly sync: HistorySync | null;
}

/**
 * Writes mark/unmark records as one history commit on top of the local history (compare-and-swap
 * on refs/edgit/history), then, with a remote, publishes the history (fetch, join, push with a
 * lease; see pushHistory). A refused push leaves the marks recorded locally: push them later.
 */
export async function recordMarks(git: Git, drafts: readonly EventDraft[], options: { remote?: string | null; reason?: string | null } = {}): Promise<RecordedMarks> {
  if (!drafts.length || drafts.some((d) => d.kind !== 'mark')) throw new EdgitError('Nothing to mark.', 'bad-input');
  const head = await readHistoryHead(git);
  const commit = await writeHistoryCommit(git, head ? [head] : [], summarizeMarks(drafts), options.reason ?? null, drafts);
  await applyRefUpdates(git, [{ ref: HISTORY_REF, oldValue: head, newValue: commit }], `edgit-deploy: ${summarizeMarks(drafts)}`);
  if (!options.remote) return { commit, pushedTo: null, sync: null };
  const sync = await pushHistory(git, options.remote);
  return { commit, pushedTo: options.remote, sync };
}

