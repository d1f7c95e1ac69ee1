import { EnvironmentMove, RepositorySnapshot, nextRolloutStep as engineNextStep } from '../../engine';

/** The next environment of a gradual rollback, with the version the rolled-back one now holds. */
export interface NextRolloutStep {
  readonly componentKey: string;
  readonly environment: string;
  readonly version: string;
  /** What the next environment holds now. */
  readonly from: string | null;
}

/**
 * After rolling one environment of one component back, the next environment in the rollout order
 * (canary → staging → production by default) that is not at that version yet; null otherwise
 * (batches of several moves, moves to no version, the last environment of the order).
 */
export function nextRolloutStep(snapshot: RepositorySnapshot, moves: readonly EnvironmentMove[], order: readonly string[]): NextRolloutStep | null {
  if (moves.length !== 1) return null;
  const [move] = moves;
  const version = move.to?.version;
  if (!version) return null;
  const next = engineNextStep(snapshot, move.componentKey, move.environment, version, order);
  return next ? { componentKey: move.componentKey, environment: next.environment, version, from: next.currentVersion } : null;
}
