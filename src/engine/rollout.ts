import { RepositorySnapshot } from './snapshot';

/**
 * Gradual rollback (the playbook's strategy 2): roll back one environment, watch, then the next
 * in the rollout order, with the same version.
 */

/** The order changes travel through environments when none is configured. */
export const DEFAULT_ROLLOUT_ORDER: readonly string[] = ['canary', 'staging', 'production'];

/** Parses `canary,staging,production` (empty or absent: the default order). */
export function parseRolloutOrder(text: string | null | undefined): string[] {
  const list = (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return list.length ? [...new Set(list)] : [...DEFAULT_ROLLOUT_ORDER];
}

export interface NextRolloutStep {
  /** The next environment in the order that exists for the component and is not at the version. */
  readonly environment: string;
  /** Where it is now (null: a commit without a version). */
  readonly currentVersion: string | null;
  readonly version: string;
}

/**
 * After moving `environment` of a component to `version`: the next environment in `order`
 * (after this one) that the component has and that is at a different version, or null (the
 * environment is not in the order, or every later one is there already).
 */
export function nextRolloutStep(
  snapshot: RepositorySnapshot,
  componentKey: string,
  environment: string,
  version: string,
  order: readonly string[] = DEFAULT_ROLLOUT_ORDER,
): NextRolloutStep | null {
  const component = snapshot.get(componentKey);
  const at = order.indexOf(environment);
  if (!component || at < 0) return null;
  const target = component.versions.find((v) => v.version === version);
  for (const name of order.slice(at + 1)) {
    const env = component.environments.find((e) => e.name === name);
    if (!env) continue;
    if (env.version === version || (target && env.commit === target.commit)) continue;
    return { environment: name, currentVersion: env.version, version };
  }
  return null;
}
