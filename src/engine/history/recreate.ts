import { EnvironmentMove, planEnvironmentMove } from '../environmentMoves';
import { RepositorySnapshot, VersionInfo } from '../snapshot';
import { validateEnvironmentName } from '../tagGrammar';
import { DeploymentHistory } from './deploymentHistory';
import { StateAt, stateAt } from './timeTravel';

type RecreateSkipReason =
  /** Nothing tells where the environment was at that moment. */
  | 'unknown'
  /** The environment did not exist then (recreating never deletes). */
  | 'absent'
  /** The commit live then has no version tag (any more), or the component is gone. */
  | 'no-version'
  /** A legacy tag layout: read, never written. */
  | 'legacy'
  /** The target environment is already there. */
  | 'already-there';

interface RecreateSkip {
  readonly componentKey: string;
  readonly componentId: string;
  readonly reason: RecreateSkipReason;
  readonly detail: string;
}

export interface RecreatePlan {
  readonly at: string;
  readonly atMs: number;
  /** The environment whose past state is recreated. */
  readonly sourceEnvironment: string;
  /** The environment that is moved (the same one, or e.g. `debug` to reproduce production elsewhere). */
  readonly targetEnvironment: string;
  /** One move per component that is not already at its version then, in component order. */
  readonly moves: readonly EnvironmentMove[];
  readonly skipped: readonly RecreateSkip[];
  /** The state the plan rests on (source environment only). */
  readonly state: StateAt;
}

/**
 * Plans "deploy the state of SOURCE at moment T to TARGET": for every component whose SOURCE
 * position at T is known, a move of its TARGET tag to the version live then. Components whose
 * state is unknown, absent then, without a version, or already there are skipped and reported.
 */
export function planRecreate(
  snapshot: RepositorySnapshot,
  history: DeploymentHistory,
  moment: Date | number,
  targetEnvironment: string,
  options: { sourceEnvironment?: string } = {},
): RecreatePlan {
  validateEnvironmentName(targetEnvironment);
  const source = options.sourceEnvironment ?? targetEnvironment;
  validateEnvironmentName(source);
  const state = stateAt(history, snapshot, moment, { environment: source });
  const moves: EnvironmentMove[] = [];
  const skipped: RecreateSkip[] = [];
  for (const c of state.components) {
    const s = c.environments[0];
    const skip = (reason: RecreateSkipReason, detail: string) => skipped.push({ componentKey: c.key, componentId: c.id, reason, detail });
    if (!s || s.evidence === 'unknown') {
      skip('unknown', s?.note ?? 'no record');
      continue;
    }
    if (!s.present || !s.commit) {
      skip('absent', `${source} did not exist at ${state.at}`);
      continue;
    }
    const component = snapshot.get(c.key);
    if (!component) {
      skip('no-version', `${c.id} has no tags any more`);
      continue;
    }
    if (component.legacy) {
      skip('legacy', `${component.key} uses a legacy tag layout, which is never written`);
      continue;
    }
    const version: VersionInfo | undefined =
      component.versions.find((v) => v.version === s.version && v.commit === s.commit) ?? component.versions.find((v) => v.commit === s.commit);
    if (!version) {
      skip('no-version', `commit ${s.commit.slice(0, 10)} (live then) has no version tag`);
      continue;
    }
    const current = component.environments.find((e) => e.name === targetEnvironment);
    if (current?.commit === version.commit) {
      skip('already-there', `${targetEnvironment} is already at ${current.version ?? version.version}`);
      continue;
    }
    moves.push(planEnvironmentMove(snapshot, component.key, targetEnvironment, version.version));
  }
  return { at: state.at, atMs: state.atMs, sourceEnvironment: source, targetEnvironment, moves, skipped, state };
}

