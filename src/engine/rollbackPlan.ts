import { ComponentFiles } from './componentFiles';
import { EdgitError } from './errors';
import { EnvironmentMove, describeMove } from './environmentMoves';
import { DriftKind } from './remote';
import { ComponentInfo, EnvironmentInfo, RepositorySnapshot, VersionInfo } from './snapshot';
import { validateEnvironmentName } from './tagGrammar';
import { BadMark, BadMarks, describeMark } from './history/badMarks';
import { HeldPosition } from './history/heldPositions';
import { compareVersions } from './versionOrder';

/** Where a move goes compared with the environment's current version. */
export type MoveDirection =
  /** To a lower version: a rollback. */
  | 'rollback'
  /** To a higher version (roll forward): a deploy, never suggested by a rollback. */
  | 'deploy'
  /** The current version. */
  | 'current'
  /** No version to compare with (a new environment, or a commit without a version). */
  | 'new';

/** The direction of a move from `fromVersion` to `toVersion`. */
export function moveDirection(fromVersion: string | null | undefined, toVersion: string | null | undefined): MoveDirection {
  if (!fromVersion || !toVersion) return 'new';
  const c = compareVersions(toVersion, fromVersion);
  return c < 0 ? 'rollback' : c > 0 ? 'deploy' : 'current';
}

interface RollbackCandidate {
  readonly version: VersionInfo;
  readonly isCurrent: boolean;
  readonly isSuggested: boolean;
  /** Environments of this component at this version now. */
  readonly environments: readonly string[];
  /** The version's bad mark, or null (never suggested when marked; deploying it needs an override). */
  readonly bad: BadMark | null;
  /** Rollback (lower than the current version), deploy (higher: a roll forward), current, or new. */
  readonly direction: MoveDirection;
}

type SuggestionSource =
  /** A version the environment held before (recorded or observed). */
  | 'history'
  /** The highest release below the current version. */
  | 'below'
  /** The environment does not exist yet: the highest release. */
  | 'new-environment';

export interface RollbackPlan {
  readonly component: ComponentInfo;
  readonly environment: string;
  readonly current: EnvironmentInfo | null;
  /** The suggested last known good version, or null when there is none to suggest. */
  readonly suggested: string | null;
  /** Why it is suggested, in words. */
  readonly suggestionReason: string;
  /** Where the suggestion comes from; null when there is none. */
  readonly suggestionSource: SuggestionSource | null;
  /** The current version's bad mark (what a rollback could mark with --mark-bad), or null. */
  readonly currentBad: BadMark | null;
  /** Suggested first, then every other version highest first (the current one included and marked). */
  readonly candidates: readonly RollbackCandidate[];
}

export interface RollbackPlanOptions {
  /**
   * The positions the environment held, oldest first, from recorded and observed events
   * (heldPositions / readHeldPositions). The newest one before the current position that is
   * lower than the current version and not marked bad is suggested.
   */
  readonly held?: readonly HeldPosition[];
  /** Bad marks in force (badMarks(history)): never suggested, shown per candidate. */
  readonly marks?: BadMarks;
  /**
   * Older form of `held`: one version the history says the environment held before. Used only
   * when it is lower than the current version and not marked bad.
   */
  readonly previousVersion?: string | null;
}

/**
 * Candidate versions for rolling an environment back. The suggestion never goes up: it is the
 * newest version the environment held before the current one that is lower than the current
 * one and not marked bad, else the highest release below the current version that is not marked
 * bad (a prerelease only when no release is below it). A higher version was rolled back from, or
 * never deployed: moving there is a deploy, which a user names explicitly.
 */
export function planRollback(
  snapshot: RepositorySnapshot,
  componentTyped: string,
  environment: string,
  options: RollbackPlanOptions = {},
): RollbackPlan {
  validateEnvironmentName(environment);
  const component = snapshot.find(componentTyped);
  const current = component.environments.find((e) => e.name === environment) ?? null;
  const currentVersion = current?.version ?? null;
  const markOf = (version: string) => options.marks?.get(component.key, version) ?? null;
  const exists = (version: string | null): version is string => !!version && component.versions.some((v) => v.version === version);
  const usable = (version: string | null, commit: string | null): version is string =>
    exists(version) &&
    commit !== current?.commit &&
    !!currentVersion &&
    compareVersions(version, currentVersion) < 0 &&
    !markOf(version);
  let suggested: string | null = null;
  let suggestionReason = '';
  let suggestionSource: SuggestionSource | null = null;

  if (current && currentVersion) {
    const held = options.held ?? [];
    // The positions before the current one: drop the trailing run at the current commit.
    let end = held.length;
    while (end > 0 && held[end - 1].commit === current.commit) end--;
    for (let i = end - 1; i >= 0 && !suggested; i--) {
      const p = held[i];
      const version = p.version && p.commit && !component.versions.some((v) => v.version === p.version && v.commit === p.commit)
        ? (component.versions.find((v) => v.commit === p.commit)?.version ?? null)
        : p.version;
      if (usable(version, p.commit)) {
        suggested = version;
        suggestionReason = `${environment} was at ${version} before ${currentVersion}${p.kind === 'observed' ? ' (observed)' : ''}`;
        suggestionSource = 'history';
      }
    }
    const previous = options.previousVersion ?? null;
    if (!suggested && previous && usable(previous, component.versions.find((v) => v.version === previous)?.commit ?? null)) {
      suggested = previous;
      suggestionReason = `${environment} was at ${previous} before ${currentVersion}`;
      suggestionSource = 'history';
    }
    if (!suggested) {
      const below = component.versions.filter((v) => usable(v.version, v.commit));
      const pick = below.find((v) => !v.prerelease) ?? below[0];
      if (pick) {
        suggested = pick.version;
        suggestionReason = `highest ${pick.prerelease ? 'version' : 'release'} below ${currentVersion}${options.marks && component.versions.some((v) => markOf(v.version)) ? ' not marked bad' : ''}`;
        suggestionSource = 'below';
      }
    }
  }
  if (!suggested && !current && component.versions.length) {
    const good = component.versions.filter((v) => !markOf(v.version));
    const pick = good.find((v) => !v.prerelease) ?? good[0];
    if (pick) {
      suggested = pick.version;
      suggestionReason = `${environment} does not exist yet; highest release`;
      suggestionSource = 'new-environment';
    }
  }
  const envsAt = (v: VersionInfo) => component.environments.filter((e) => e.commit === v.commit).map((e) => e.name);
  const ordered = [...component.versions].sort((a, b) =>
    a.version === suggested ? -1 : b.version === suggested ? 1 : compareVersions(b.version, a.version),
  );
  return {
    component,
    environment,
    current,
    suggested,
    suggestionReason,
    suggestionSource,
    currentBad: currentVersion ? markOf(currentVersion) : null,
    candidates: ordered.map((v) => {
      const isCurrent = !!current && v.commit === current.commit && (currentVersion === null || v.version === currentVersion);
      return {
        version: v,
        isCurrent,
        isSuggested: v.version === suggested,
        environments: envsAt(v),
        bad: markOf(v.version),
        direction: isCurrent ? 'current' : moveDirection(currentVersion, v.version),
      };
    }),
  };
}

export type SafetyCheckId =
  | 'target-exists'
  | 'contains-file'
  | 'differs-from-current'
  | 'prerelease'
  | 'remote-drift'
  | 'marked-bad'
  | 'protected-environment';

export interface SafetyCheck {
  readonly id: SafetyCheckId;
  /** pass: fine; warn: worth knowing; fail: refused unless overridden; confirm: needs an explicit confirmation. */
  readonly status: 'pass' | 'warn' | 'fail' | 'confirm';
  readonly message: string;
  /** Whether a user may override a failure (CLI flag in OVERRIDE_FLAGS). */
  readonly overridable: boolean;
  /** marked-bad only: the mark that refuses the move (for a confirmation naming it). */
  readonly mark?: BadMark;
}

/** The CLI flag that overrides each overridable check. */
export const OVERRIDE_FLAGS: Partial<Record<SafetyCheckId, string>> = {
  'contains-file': '--allow-missing-file',
  prerelease: '--allow-prerelease',
  'remote-drift': '--allow-drift',
  'marked-bad': '--allow-bad',
};

export interface CheckContext {
  readonly snapshot: RepositorySnapshot;
  readonly files: ComponentFiles;
  /** Drift of the environment tag against the remote, when a remote was asked. */
  readonly drift?: DriftKind | null;
  readonly protectedEnvironments: readonly string[];
  /** Bad marks in force (badMarks(history)); the marked-bad check runs only when given. */
  readonly marks?: BadMarks;
}

/** The safety checks of one move, as data for any front end to show. */
export async function checkMove(ctx: CheckContext, move: EnvironmentMove): Promise<SafetyCheck[]> {
  const checks: SafetyCheck[] = [];
  const component = ctx.snapshot.get(move.componentKey);
  const target = move.to;
  const version = target?.version ? component?.versions.find((v) => v.version === target.version) : undefined;
  checks.push(
    version
      ? { id: 'target-exists', status: 'pass', message: `${target?.version} exists (commit ${version.commit.slice(0, 10)})`, overridable: false }
      : { id: 'target-exists', status: 'fail', message: `the target version does not exist`, overridable: false },
  );
  if (component && version) {
    const content = await ctx.files.pathAt(component, version.commit);
    const exists = content.path ? (await ctx.files.readBlob(version.commit, content.path)) !== undefined : false;
    checks.push(
      exists
        ? { id: 'contains-file', status: 'pass', message: `${content.path} is in ${version.version}`, overridable: true }
        : {
            id: 'contains-file',
            status: 'fail',
            message: `${version.version} does not contain ${content.path ?? `a file for ${component.id}`}: deploying it would ship nothing`,
            overridable: true,
          },
    );
  }
  const same = !!move.from && !!target && move.from.commit === target.commit;
  checks.push(
    same
      ? { id: 'differs-from-current', status: 'fail', message: `${move.environment} is already at ${target?.version} (same commit)`, overridable: false }
      : { id: 'differs-from-current', status: 'pass', message: describeMove(move), overridable: false },
  );
  if (version?.prerelease) {
    checks.push({ id: 'prerelease', status: 'fail', message: `${version.version} is a prerelease`, overridable: true });
  } else {
    checks.push({ id: 'prerelease', status: 'pass', message: 'a release version', overridable: true });
  }
  if (ctx.marks && target?.version) {
    const mark = ctx.marks.get(move.componentKey, target.version);
    checks.push(
      mark
        ? { id: 'marked-bad', status: 'fail', message: `${move.componentId}@${target.version} is ${describeMark(mark)}`, overridable: true, mark }
        : { id: 'marked-bad', status: 'pass', message: `${target.version} is not marked bad`, overridable: true },
    );
  }
  if (ctx.drift !== undefined) checks.push(driftCheck(move, ctx.drift));
  const isProtected = ctx.protectedEnvironments.includes(move.environment);
  checks.push({
    id: 'protected-environment',
    status: isProtected ? 'confirm' : 'pass',
    message: isProtected ? `${move.environment} is protected: confirm this exact move` : `${move.environment} is not protected`,
    overridable: false,
  });
  return checks;
}

function driftCheck(move: EnvironmentMove, drift: DriftKind | null): SafetyCheck {
  const id = 'remote-drift';
  switch (drift) {
    case null:
      return { id, status: 'warn', message: 'the remote could not be checked', overridable: true };
    case 'in-sync':
    case 'local-only':
    case 'remote-deleted':
      return { id, status: 'pass', message: `${move.environment} matches the remote`, overridable: true };
    case 'local-ahead':
      return { id, status: 'warn', message: `${move.environment} has a local move that is not pushed yet`, overridable: true };
    case 'remote-moved':
    case 'remote-only':
      return { id, status: 'fail', message: `someone moved ${move.environment} on the remote since your last fetch`, overridable: true };
    case 'diverged':
    case 'differs':
      return { id, status: 'fail', message: `${move.environment} differs between here and the remote`, overridable: true };
  }
}

/** Checks that refuse the move given the user's overrides; empty when the move may go ahead. */
export function blockingChecks(checks: readonly SafetyCheck[], overrides: ReadonlySet<SafetyCheckId>): SafetyCheck[] {
  return checks.filter((c) => c.status === 'fail' && !(c.overridable && overrides.has(c.id)));
}

export function assertNoBlockingChecks(checks: readonly SafetyCheck[], overrides: ReadonlySet<SafetyCheckId>): void {
  const blocking = blockingChecks(checks, overrides);
  if (!blocking.length) return;
  const first = blocking[0];
  const flag = first.overridable ? OVERRIDE_FLAGS[first.id] : undefined;
  throw new EdgitError(
    `Refused: ${blocking.map((c) => c.message).join('; ')}. Nothing was changed.`,
    'safety-check',
    flag ? `If you are sure, repeat with ${flag}.` : undefined,
  );
}
