import { DeploymentHistory } from '../history/deploymentHistory';
import { ReadProblem } from '../readProblems';
import { ComponentInfo, EnvironmentInfo, RepositorySnapshot } from '../snapshot';
import { Receipt } from './receipt';
import { ReceiptLog } from './receiptLog';

/**
 * What an environment serves, as its deploy jobs reported it:
 * - live: the newest receipt is for the tag's current commit;
 * - pending: the tag points elsewhere than the newest receipt (or there is none for it yet);
 * - no state (undefined): the environment never had a receipt in this repository, so a team that
 *   does not report sees nothing.
 */
export interface LiveState {
  readonly state: 'live' | 'pending';
  /** live: the version served. pending: the last version reported live here, or null. */
  readonly version: string | null;
  readonly commit: string | null;
  /** live: when it was reported live. pending: when the tag moved to where it is (null when unknown). */
  readonly sinceMs: number | null;
  /** The receipt it rests on: live, the one for the current position; pending, the last one, if any. */
  readonly receipt: Receipt | null;
  /** live, when the receipt said caches may still serve the previous position: when the new one is certainly served. */
  readonly settlesAtMs: number | null;
}

/** When the environment tag moved to where it is: the history's move there, else its tagger date, else null. */
function movedToCurrentMs(history: DeploymentHistory | undefined, componentKey: string, env: EnvironmentInfo): number | null {
  const last = history?.latest(componentKey, env.name);
  if (last && env.commit && last.toCommit === env.commit && last.dated) return last.atMs;
  const ms = env.movedAt ? Date.parse(env.movedAt) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

/** The live state of one environment of one component, or undefined (never reported, or the tag names no commit). */
export function liveStateOf(receipts: ReceiptLog, history: DeploymentHistory | undefined, component: ComponentInfo, env: EnvironmentInfo): LiveState | undefined {
  if (!receipts.reportsEnvironment(env.name) || !env.commit) return undefined;
  const last = receipts.latest(component.key, env.name);
  if (last && last.commit === env.commit) {
    return {
      state: 'live',
      version: env.version ?? last.version,
      commit: last.commit,
      sinceMs: last.atMs,
      receipt: last,
      settlesAtMs: last.settlesInMs ? last.atMs + last.settlesInMs : null,
    };
  }
  return { state: 'pending', version: last?.version ?? null, commit: last?.commit ?? null, sinceMs: movedToCurrentMs(history, component.key, env), receipt: last ?? null, settlesAtMs: null };
}

/** A live state as `status --json` gives it. */
export function liveStateJson(s: LiveState | undefined) {
  if (!s) return null;
  return {
    state: s.state,
    version: s.version,
    commit: s.commit,
    since: s.sinceMs === null ? null : new Date(s.sinceMs).toISOString(),
    by: s.receipt?.by ?? null,
    run: s.receipt?.run ?? null,
    settlesAt: s.settlesAtMs === null ? null : new Date(s.settlesAtMs).toISOString(),
  };
}

/** The last receipt at or before a moment, as `at --json` gives it, or null. */
export function receiptAtJson(receipts: ReceiptLog, componentKey: string, environment: string, ms: number) {
  const r = receipts.latest(componentKey, environment, ms);
  return r ? { version: r.version, commit: r.commit, since: r.at, by: r.by, run: r.run, settlesAt: r.settlesInMs ? new Date(r.atMs + r.settlesInMs).toISOString() : null } : null;
}

/** One environment position not reported live. */
export interface PendingPosition {
  readonly componentKey: string;
  readonly componentId: string;
  readonly environment: string;
  /** Where the tag points. */
  readonly version: string | null;
  readonly commit: string;
  /** When it moved there, or null when unknown. */
  readonly movedAtMs: number | null;
  /** The last receipt of this environment of this component, if any. */
  readonly lastLive: Receipt | null;
}

/** Every environment position not reported live, oldest move first (unknown moments first: they may be the oldest). */
export function pendingPositions(
  snapshot: RepositorySnapshot,
  history: DeploymentHistory | undefined,
  receipts: ReceiptLog,
  environments?: ReadonlySet<string>,
): PendingPosition[] {
  const out: PendingPosition[] = [];
  for (const c of snapshot.components) {
    for (const e of c.environments) {
      if (environments && !environments.has(e.name)) continue;
      const s = liveStateOf(receipts, history, c, e);
      if (s?.state !== 'pending' || !e.commit) continue;
      out.push({ componentKey: c.key, componentId: c.id, environment: e.name, version: e.version, commit: e.commit, movedAtMs: s.sinceMs, lastLive: s.receipt });
    }
  }
  return out.sort((a, b) => (a.movedAtMs ?? -Infinity) - (b.movedAtMs ?? -Infinity) || a.componentId.localeCompare(b.componentId) || a.environment.localeCompare(b.environment));
}

/** A pending position as `pending --json` gives it. */
export function pendingJson(p: PendingPosition) {
  return {
    component: p.componentId,
    environment: p.environment,
    version: p.version,
    commit: p.commit,
    movedAt: p.movedAtMs === null ? null : new Date(p.movedAtMs).toISOString(),
    lastLive: p.lastLive ? { version: p.lastLive.version, commit: p.lastLive.commit, since: p.lastLive.at, by: p.lastLive.by, run: p.lastLive.run } : null,
  };
}

/**
 * The receipts checked against git: one that names a version whose tag here is at another commit
 * contradicts git and is left out (named in the log's skipped). A version this clone does not
 * have cannot be checked and is kept (it matches no tag position it does not name).
 */
export function checkReceipts(receipts: ReceiptLog, snapshot: RepositorySnapshot): ReceiptLog {
  const leaveOut = new Map<Receipt, ReadProblem>();
  for (const r of receipts.all()) {
    if (!r.version) continue;
    const v = snapshot.get(r.componentKey)?.versions.find((x) => x.version === r.version);
    if (v && v.commit !== r.commit) {
      leaveOut.set(r, { where: `receipts commit ${r.receiptCommit.slice(0, 10)}`, what: `receipt says ${r.componentId} ${r.version} is commit ${r.commit.slice(0, 10)}, git says ${v.commit.slice(0, 10)}` });
    }
  }
  return receipts.without(leaveOut);
}
