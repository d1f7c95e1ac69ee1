import { Git } from '../git';
import { RepositorySnapshot } from '../snapshot';
import { DeploymentHistory } from './deploymentHistory';
import { checkEvents } from './eventChecks';
import { ReflogPosition, planObservations, readTagReflogs } from './observe';

/**
 * The positions an environment held, from every source the history has: recorded events,
 * observed events already written, and the moves other tools made that are not written yet
 * (tag reflogs and the tag itself, observed in memory with planObservations: nothing is written).
 * What a rollback needs to know which versions an environment was at before.
 */

/** One position of an environment, oldest first in a list. */
export interface HeldPosition {
  readonly version: string | null;
  readonly commit: string | null;
  /** When it got there (ms); null when only known to be after the positions before it. */
  readonly atMs: number | null;
  readonly kind: 'recorded' | 'observed';
  readonly by: string | null;
}

/**
 * The positions of one environment, oldest first, consecutive repeats of one commit merged.
 * `reflogs`: readTagReflogs' answer (optional; without it only the tag's current position is
 * observed beyond the history).
 */
function heldPositions(
  history: DeploymentHistory,
  snapshot: RepositorySnapshot,
  componentKey: string,
  environment: string,
  options: { reflogs?: ReadonlyMap<string, readonly ReflogPosition[]> } = {},
): HeldPosition[] {
  checkEvents(history, snapshot);
  const all: HeldPosition[] = history.timeline(componentKey, environment).map((e) => ({
    version: e.toVersion,
    commit: e.toCommit,
    atMs: e.atMs,
    kind: e.kind === 'observed' ? 'observed' : 'recorded',
    by: e.by,
  }));
  const component = snapshot.get(componentKey);
  if (component) {
    const alone = new RepositorySnapshot(snapshot.root, [component], [], snapshot.loadedAt);
    for (const d of planObservations(alone, history, { reflogs: options.reflogs })) {
      if (d.environment !== environment) continue;
      all.push({ version: d.toVersion, commit: d.toCommit, atMs: d.atMs ?? null, kind: 'observed', by: d.by ?? null });
    }
  }
  // Stable by time; undated positions (null) stay after everything dated before them.
  const indexed = all.map((p, i) => ({ p, i }));
  indexed.sort((a, b) => (a.p.atMs ?? Infinity) - (b.p.atMs ?? Infinity) || a.i - b.i);
  const out: HeldPosition[] = [];
  for (const { p } of indexed) {
    if (out.length && out[out.length - 1].commit === p.commit) continue;
    out.push(p);
  }
  return out;
}

/** heldPositions with the tag reflogs of this component's environments read from disk (no write). */
export async function readHeldPositions(
  git: Git,
  snapshot: RepositorySnapshot,
  history: DeploymentHistory,
  componentKey: string,
  environment: string,
): Promise<HeldPosition[]> {
  const component = snapshot.get(componentKey);
  const reflogs = component ? await readTagReflogs(git, new RepositorySnapshot(snapshot.root, [component], [], snapshot.loadedAt)) : undefined;
  return heldPositions(history, snapshot, componentKey, environment, { reflogs });
}
