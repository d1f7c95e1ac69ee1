import { DriftKind, EdgitError, EnvironmentMove, OVERRIDE_FLAGS, RepositorySnapshot, SafetyCheck, SafetyCheckId, checkMove } from '../../engine';
import { EdgitRepository, EdgitSettings } from '../services';

/** The safety checks of each move (engine checkMove), with the remote drift when a remote exists. */
export async function safetyChecks(
  repository: EdgitRepository,
  snapshot: RepositorySnapshot,
  moves: readonly EnvironmentMove[],
  settings: EdgitSettings,
  remote: string | null,
): Promise<SafetyCheck[][]> {
  let drift: Map<string, DriftKind> | undefined;
  if (remote) drift = await repository.drift().catch(() => undefined);
  // Without a readable history no version is known to be bad: the other checks still run.
  const marks = await repository.badMarks().catch(() => undefined);
  return Promise.all(
    moves.map((move) =>
      checkMove(
        {
          snapshot,
          files: repository.files,
          // undefined: no remote, no drift check; null: a remote we could not ask.
          drift: remote ? (drift ? (drift.get(move.tag) ?? null) : null) : undefined,
          protectedEnvironments: settings.protectedEnvironments,
          marks,
        },
        move,
      ),
    ),
  );
}

/** Failed checks nobody may override: the move is refused outright. */
export function hardFailures(checks: readonly SafetyCheck[]): SafetyCheck[] {
  return checks.filter((c) => c.status === 'fail' && !c.overridable);
}

/** Failed checks a user may override by confirming (or by passing their ids as `overrides`). */
export function overridableFailures(checks: readonly SafetyCheck[]): SafetyCheck[] {
  return checks.filter((c) => c.status === 'fail' && c.overridable);
}

/** The error for checks that refuse a move; `viaArguments` names the `overrides` argument instead of the CLI flags. */
export function refusal(failed: readonly SafetyCheck[], viaArguments: boolean): EdgitError {
  const overridable = failed.filter((c) => c.overridable);
  const hint =
    overridable.length && overridable.length === failed.length
      ? viaArguments
        ? `To go ahead anyway, pass overrides: [${[...new Set(overridable.map((c) => `'${c.id}'`))].join(', ')}].`
        : `If you are sure, confirm the override (CLI: ${overridable.map((c) => OVERRIDE_FLAGS[c.id]).filter(Boolean).join(' ')}).`
      : 'Pick another version or environment.';
  return new EdgitError(`Refused: ${failed.map((c) => c.message).join('; ')}. Nothing was changed.`, 'safety-check', hint);
}

/** `✓ v1.0.0 exists …`, one line per check, for confirmations. */
export function checkLine(check: SafetyCheck): string {
  const mark = { pass: '✓', warn: '⚠', fail: '✗', confirm: '!' }[check.status];
  return `${mark} ${check.message}`;
}

export function isSafetyCheckId(value: unknown): value is SafetyCheckId {
  return (
    typeof value === 'string' &&
    ['target-exists', 'contains-file', 'differs-from-current', 'prerelease', 'remote-drift', 'marked-bad', 'protected-environment'].includes(value)
  );
}
