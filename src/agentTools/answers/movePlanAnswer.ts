import {
  BadMarks,
  ComponentFiles,
  DeploymentHistory,
  EdgitError,
  EnvironmentMove,
  EventDraft,
  Git,
  MoveAction,
  MovePinsLeftBehind,
  MovePlan,
  ReferenceIndex,
  OVERRIDE_FLAGS,
  RepositorySnapshot,
  SafetyCheckId,
  compareVersions,
  moveDirection,
  planEnvironmentMove,
  planMoves,
  pinsLeftBehind,
  planRollback,
  readHeldPositions,
} from '../../engine';

/**
 * The moves a rollback or a partial rollback makes and their plan, for the CLI's `rollback`,
 * `batch` and `--dry-run --json`, and the edgit_plan_rollback / moving tools: one way to choose
 * the target (rollbackMove), to name a batch (batchAction), to plan it (planFor) and to print the
 * plan (dryRunJson).
 */

/** The environments whose moves a person confirms by typing the environment's name: `production` unless said otherwise (a comma-separated list). */
export function parseProtectedEnvironments(value: string | undefined): string[] {
  return (value ?? 'production')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface RollbackMove {
  readonly move: EnvironmentMove;
  readonly direction: ReturnType<typeof moveDirection>;
  /** The last known good version when none was named, and why it is suggested. */
  readonly suggested: { readonly version: string; readonly reason: string } | null;
}

/**
 * The move of a rollback of `environment` of `component`: to `version` when named (a higher one
 * is a deploy), else to the suggested last known good version (planRollback over the positions
 * the environment held, recorded and observed, read in memory: nothing is written). Refuses, with
 * what to do, when there is no such environment or nothing to suggest.
 */
export async function rollbackMove(
  git: Git,
  snapshot: RepositorySnapshot,
  history: DeploymentHistory,
  marks: BadMarks,
  component: string,
  environment: string,
  version: string | undefined,
): Promise<RollbackMove> {
  const c = snapshot.find(component);
  let suggested: RollbackMove['suggested'] = null;
  if (!version) {
    const env = c.environments.find((e) => e.name === environment);
    const held = env ? await readHeldPositions(git, snapshot, history, c.key, environment) : [];
    const plan = planRollback(snapshot, component, environment, { held, marks });
    if (!plan.current) {
      throw new EdgitError(`${c.id} has no environment "${environment}" to roll back.`, 'unknown-environment', `Environments: ${c.environments.map((e) => e.name).join(', ') || 'none'}.`);
    }
    if (!plan.suggested) {
      const bad = marks.of(c.key).map((m) => m.version);
      throw new EdgitError(
        `No version of ${c.id} below ${plan.current.version ?? 'the current position'} to roll ${environment} back to${bad.length ? ` that is not marked bad (bad: ${bad.join(', ')})` : ''}.`,
        'unknown-version',
        'A rollback never goes to a higher version: name one explicitly to deploy it (edgit-deploy set COMPONENT ENV VERSION).',
      );
    }
    suggested = { version: plan.suggested, reason: plan.suggestionReason };
  }
  const move = planEnvironmentMove(snapshot, component, environment, version ?? suggested?.version ?? '');
  return { move, direction: moveDirection(move.from?.version, move.to?.version), suggested };
}

/**
 * What a batch is recorded as: a rollback when every move goes back to a lower version than the
 * environment holds, else a deployment (`set`). The history treats what a rollback moved away
 * from as bad, so a release of several components at once must not be recorded as a rollback.
 */
export function batchAction(moves: readonly EnvironmentMove[]): MoveAction {
  const backwards = (m: EnvironmentMove) => !!m.from?.version && !!m.to?.version && compareVersions(m.to.version, m.from.version) < 0;
  return moves.length > 0 && moves.every(backwards) ? 'rollback' : 'set';
}

/** The plan of moves without a push: each move's content change and safety checks, and what must be confirmed by typing. */
export function planLocalMoves(git: Git, snapshot: RepositorySnapshot, marks: BadMarks, moves: readonly EnvironmentMove[], options: { protectedEnvironments: readonly string[]; marks?: readonly EventDraft[]; overrides?: ReadonlySet<SafetyCheckId> }): Promise<MovePlan> {
  return planMoves({ snapshot, files: new ComponentFiles(git), protectedEnvironments: [...options.protectedEnvironments], marks }, git, moves, {
    overrides: new Set(options.overrides ?? []),
    marks: options.marks ?? [],
  });
}

/** The JSON of a plan: `{ moves, checks, marks, refused, needsConfirmation }`. */
function planJson(plan: MovePlan) {
  return {
    moves: plan.moves,
    checks: plan.checks,
    marks: plan.marks,
    refused: plan.refused.map((c) => ({ id: c.id, message: c.message, override: c.overridable ? (OVERRIDE_FLAGS[c.id] ?? null) : null })),
    needsConfirmation: plan.needsConfirmation,
  };
}

/**
 * The references of the workspace's ensembles and agents that pin what the moves leave (the
 * default scope: conductor.config.json's folders, else ensembles/ and agents/). A workspace
 * whose files cannot be listed or read gives none: the moves do not depend on it.
 */
export async function pinsOfMoves(git: Git, snapshot: RepositorySnapshot, moves: readonly EnvironmentMove[]): Promise<MovePinsLeftBehind[]> {
  const index = await ReferenceIndex.build(git.cwd, {}, { cache: git.caches }).catch(() => null);
  return index ? pinsLeftBehind(moves, index, snapshot) : [];
}

/** What a move command prints with `--dry-run --json` (the push's plan added by the caller when it pushes). */
export function dryRunJson(action: MoveAction, remote: string | null, plan: MovePlan, pins: readonly unknown[]) {
  return { dryRun: true, action, remote, ...planJson(plan), pinsLeftBehind: pins };
}
