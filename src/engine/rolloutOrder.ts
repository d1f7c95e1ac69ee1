import { ComponentInfo } from './snapshot';

/** The order a change travels through environments, least critical first (the playbook's gradual rollback). */
export const DEFAULT_ROLLOUT_ORDER: readonly string[] = ['canary', 'staging', 'production'];

/**
 * The next step of a gradual rollback (or rollout): after `environment` moved to `version`, the
 * first environment after it in `order` that the component has and that is not at that version
 * yet. Undefined when the environment is not in the order, or every later one is already there.
 */
export function nextRolloutEnvironment(
  component: ComponentInfo,
  environment: string,
  version: string,
  order: readonly string[] = DEFAULT_ROLLOUT_ORDER,
): string | undefined {
  const at = order.indexOf(environment);
  if (at < 0) return undefined;
  for (const name of order.slice(at + 1)) {
    const env = component.environments.find((e) => e.name === name);
    if (env && env.version !== version) return name;
  }
  return undefined;
}
