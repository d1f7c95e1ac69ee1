import { Git } from '../git';
import { RollbackPlan, planRollback } from '../rollbackPlan';
import { RepositorySnapshot } from '../snapshot';
import { badMarks } from './badMarks';
import { DeploymentHistory } from './deploymentHistory';
import { readHeldPositions } from './heldPositions';

/**
 * The rollback plan an editor shows (quick pick's first item, partial rollback's defaults): the
 * environment's recorded and observed positions (reflogs read, nothing written) and the bad
 * marks of `history`, through planRollback's rule (never up, never a bad version).
 */
export async function planRollbackFromHistory(
  git: Git,
  snapshot: RepositorySnapshot,
  history: DeploymentHistory,
  componentTyped: string,
  environment: string,
): Promise<RollbackPlan> {
  const component = snapshot.find(componentTyped);
  const held = component.environments.some((e) => e.name === environment) ? await readHeldPositions(git, snapshot, history, component.key, environment) : [];
  return planRollback(snapshot, component.key, environment, { held, marks: badMarks(history) });
}
