import { DeploymentHistory } from '../history/deploymentHistory';
import { RepositorySnapshot } from '../snapshot';
import { VerifyProblem } from '../verifyDeployments';
import { formatDuration } from './duration';
import { pendingPositions } from './liveState';
import { ReceiptLog } from './receiptLog';

/**
 * verify --live: every environment position pending longer than `withinMs` at `nowMs` (or since an
 * unknown moment: it may be older), as a problem that names the move and the last live position.
 */
export function notLiveProblems(
  snapshot: RepositorySnapshot,
  history: DeploymentHistory | undefined,
  receipts: ReceiptLog,
  options: { withinMs: number; nowMs: number; environments?: readonly string[] },
): VerifyProblem[] {
  const only = options.environments?.length ? new Set(options.environments) : undefined;
  const out: VerifyProblem[] = [];
  for (const p of pendingPositions(snapshot, history, receipts, only)) {
    if (p.movedAtMs !== null && options.nowMs - p.movedAtMs <= options.withinMs) continue;
    const env = snapshot.get(p.componentKey)?.environments.find((e) => e.name === p.environment);
    if (!env) continue;
    const at = p.version ?? `commit ${p.commit.slice(0, 10)}`;
    const last = p.lastLive ? `${p.lastLive.version ?? `commit ${p.lastLive.commit.slice(0, 10)}`} was reported live ${p.lastLive.at}` : 'it was never reported live';
    const how = p.movedAtMs === null ? 'moved at an unknown moment' : `moved there ${new Date(p.movedAtMs).toISOString()} (${formatDuration(options.nowMs - p.movedAtMs)} ago)`;
    out.push({
      kind: 'not-live',
      tag: {
        componentKey: p.componentKey,
        componentId: p.componentId,
        environment: p.environment,
        tag: env.tag,
        object: env.objectName,
        commit: env.commit,
        version: env.version,
        movedBy: env.movedBy,
        movedAt: p.movedAtMs === null ? env.movedAt : new Date(p.movedAtMs).toISOString(),
      },
      recorded: null,
      message: `${p.componentId} · ${p.environment}: ${at} ${how}, and no deploy reported it live (allowed: ${formatDuration(options.withinMs)}); ${last}.`,
    });
  }
  return out;
}
