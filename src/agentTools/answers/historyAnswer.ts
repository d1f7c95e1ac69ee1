import { DeploymentHistory, EdgitError, Git, HistoryEvent, Receipt, ReceiptLog, RepositorySnapshot, checkReceipts, compareEvents, eventsBetween, joinProblems, loadObservedHistory, loadReceipts } from '../../engine';

/**
 * The deployment history as `edgit-deploy history` and the edgit_history / edgit_changes tools
 * list it: the moves, the bad marks and the deploy receipts, newest first (historyEntries), and
 * each entry's JSON (historyEntryJson, exactly what `history --json` prints).
 */

export interface HistoryQuery {
  readonly sinceMs: number | null;
  readonly untilMs: number | null;
  /** Only this component (its key). */
  readonly componentKey?: string;
  readonly environment?: string;
}

export type HistoryEntry = HistoryEvent | Receipt;

export const isReceipt = (x: HistoryEntry): x is Receipt => 'receiptCommit' in x;

/** A component as typed, among the tags and, for components whose tags are gone, the history. */
export function resolveHistoryComponent(snapshot: RepositorySnapshot, history: DeploymentHistory, typed: string): { key: string; id: string } {
  try {
    const c = snapshot.find(typed);
    return { key: c.key, id: c.id };
  } catch (e) {
    if (!(e instanceof EdgitError) || e.code !== 'unknown-component') throw e;
    const name = typed.replace(/@.*$/, '');
    for (const key of history.componentKeys()) {
      const first = history.timeline(key, history.environmentsOf(key)[0])[0];
      if (key === name || first?.componentId === name) return { key, id: first?.componentId ?? key };
    }
    throw e;
  }
}

/** The history with outside moves observed in memory, the receipts, and a component as typed resolved. */
export async function readHistory(git: Git, typed: string | undefined) {
  const [{ snapshot, history, observed, skipped: historySkipped }, read] = await Promise.all([loadObservedHistory(git), loadReceipts(git)]);
  const receipts = checkReceipts(read, snapshot);
  const component = typed ? resolveHistoryComponent(snapshot, history, typed) : undefined;
  return { snapshot, history, observed, receipts, component, skipped: joinProblems(historySkipped, receipts.skipped) };
}

/** The moves, the bad marks (unless an environment is asked: they belong to a version) and the receipts matching the query, newest first. */
export function historyEntries(history: DeploymentHistory, receipts: ReceiptLog, query: HistoryQuery): HistoryEntry[] {
  const { sinceMs, untilMs, componentKey, environment } = query;
  const inTime = (atMs: number) => (sinceMs === null || atMs >= sinceMs) && (untilMs === null || atMs <= untilMs);
  const events = eventsBetween(history, { sinceMs, untilMs, componentKey, environment });
  const marks = environment ? [] : history.events.filter((e) => e.kind === 'mark' && (!componentKey || e.componentKey === componentKey) && inTime(e.atMs));
  const all = [...events, ...marks].sort((a, b) => compareEvents(b, a));
  // Deploy receipts among the moves: when each position went live, and by whose deploy.
  const reported = receipts
    .all()
    .filter((r) => (!componentKey || r.componentKey === componentKey) && (!environment || r.environment === environment) && inTime(r.atMs))
    .reverse();
  const merged: HistoryEntry[] = [];
  for (let i = 0, j = 0; i < all.length || j < reported.length; ) {
    if (j >= reported.length || (i < all.length && all[i].atMs >= reported[j].atMs)) merged.push(all[i++]);
    else merged.push(reported[j++]);
  }
  return merged;
}

function eventJson(e: HistoryEvent) {
  return {
    component: e.componentId,
    environment: e.environment,
    fromVersion: e.fromVersion,
    toVersion: e.toVersion,
    fromCommit: e.fromCommit,
    toCommit: e.toCommit,
    at: e.at,
    by: e.by,
    reason: e.reason,
    batch: e.batch,
    kind: e.kind,
  };
}

/** A bad mark (or its clearing): no environment, the version it is about. */
function markJson(e: HistoryEvent) {
  return { kind: e.kind, action: e.action, component: e.componentId, environment: null, version: e.toVersion, commit: e.toCommit, at: e.at, by: e.by, reason: e.reason, batch: e.batch };
}

/** A deploy receipt: what a deploy job reported live, when, by whom, with its run. */
function receiptJson(r: Receipt) {
  return {
    kind: 'receipt',
    component: r.componentId,
    environment: r.environment,
    version: r.version,
    commit: r.commit,
    at: r.at,
    by: r.by,
    run: r.run,
    note: r.note,
    settlesAt: r.settlesInMs ? new Date(r.atMs + r.settlesInMs).toISOString() : null,
  };
}

/** One entry of `history --json`. */
export function historyEntryJson(e: HistoryEntry) {
  return isReceipt(e) ? receiptJson(e) : e.kind === 'mark' ? markJson(e) : eventJson(e);
}
