import { Git, ReadProblem, ReceiptLog, StateAt, checkReceipts, joinProblems, loadObservedHistory, loadReceipts, receiptAtJson, stateAt } from '../../engine';
import { resolveHistoryComponent } from './historyAnswer';

/**
 * What was live at a moment, for `edgit-deploy at` and the edgit_at tool: the state with its
 * evidence (readAt) and its JSON (atJson, exactly what `at --json` prints).
 */

/**
 * The state at `moment`: the tags, the history (its cache keyed by the commits it was read from)
 * with the moves made outside observed in memory only (a read writes nothing), and the receipts.
 */
export async function readAt(git: Git, moment: Date, query: { readonly environment?: string; readonly components?: readonly string[] }) {
  const [{ snapshot, history, observed, skipped: historySkipped }, read] = await Promise.all([loadObservedHistory(git), loadReceipts(git)]);
  const receipts = checkReceipts(read, snapshot);
  const skipped = joinProblems(historySkipped, receipts.skipped);
  // Components as typed, among the tags and, for those whose tags are gone, the history.
  const componentKeys = query.components?.map((typed) => resolveHistoryComponent(snapshot, history, typed).key);
  return { snapshot, history, observed: observed.length, receipts, skipped, state: stateAt(history, snapshot, moment, { environment: query.environment, componentKeys }) };
}

/** What `at --json` prints: each answer with its evidence in full, and what a deploy reported served then. */
export function atJson(state: StateAt, moment: Date, skipped: readonly ReadProblem[], receipts: ReceiptLog) {
  // What was served then, next to where the tag pointed: the last receipt at or before the moment.
  const served = (key: string, environment: string) => receiptAtJson(receipts, key, environment, moment.getTime());
  return {
    at: state.at,
    skipped,
    components: state.components.map((c) => ({
      id: c.id,
      // What it rests on, since when, who, why, and the batch it moved in.
      environments: c.environments.map((e) => ({
        name: e.name,
        version: e.version,
        commit: e.commit,
        evidence: e.evidence,
        since: e.since,
        by: e.by,
        reason: e.reason,
        batch: e.batch,
        ...(e.note ? { note: e.note } : {}),
        ...(e.candidates ? { candidates: e.candidates } : {}),
        live: served(c.key, e.name),
      })),
    })),
  };
}
