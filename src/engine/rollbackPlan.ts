import { ComponentFiles } from './componentFiles';
import { EdgitError } from './errors';
import { EnvironmentMove, describeMove } from './environmentMoves';
import { DriftKind } from './remote';
import { ComponentInfo, EnvironmentInfo, RepositorySnapshot, VersionInfo } from './snapshot';
import { validateEnvironmentName } from './tagGrammar';
import { compareVersions } from './versionOrder';

export interface RollbackCandidate {
  readonly version: VersionInfo;
  readonly isCurrent: boolean;
  readonly isSuggested: boolean;
  /** Environments of this component at this version now. */
  readonly environments: readonly string[];
}

export interface RollbackPlan {
  readonly component: ComponentInfo;
  readonly environment: string;
  readonly current: EnvironmentInfo | null;
  /** The suggested last known good version, or null when there is none to suggest. */
  readonly suggested: string | null;
  /** Why it is suggested, in words. */
  readonly suggestionReason: string;
  /** Suggested first, then every other version highest first (the current one included and marked). */
  readonly candidates: readonly RollbackCandidate[];
}

/**
 * Candidate versions for rolling an environment back. The suggestion is the version the
 * environment held before the current one when the deployment history knows it, else the highest
 * release below the current version (a prerelease only when no release is below it).
 */
export function planRollback(
  snapshot: RepositorySnapshot,
  componentTyped: string,
  environment: string,
  options: { previousVersion?: string | null } = {},
): RollbackPlan {
  validateEnvironmentName(environment);
  const component = snapshot.find(componentTyped);
  const current = component.environments.find((e) => e.name === environment) ?? null;
  const currentVersion = current?.version ?? null;
  let suggested: string | null = null;
  let suggestionReason = '';
  const previous = options.previousVersion;
  if (previous && previous !== currentVersion && component.versions.some((v) => v.version === previous)) {
    suggested = previous;
    suggestionReason = `${environment} was at ${previous} before ${currentVersion ?? 'its current position'}`;
  } else if (currentVersion) {
    const below = component.versions.filter((v) => compareVersions(v.version, currentVersion) < 0 && v.commit !== current?.commit);
    const pick = below.find((v) => !v.prerelease) ?? below[0];
    if (pick) {
      suggested = pick.version;
      suggestionReason = `highest ${pick.prerelease ? 'version' : 'release'} below ${currentVersion}`;
    }
  }
  if (!suggested && !current && component.versions.length) {
    const pick = component.versions.find((v) => !v.prerelease) ?? component.versions[0];
    suggested = pick.version;
    suggestionReason = `${environment} does not exist yet; highest release`;
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
    candidates: ordered.map((v) => ({
      version: v,
      isCurrent: !!current && v.commit === current.commit && (currentVersion === null || v.version === currentVersion),
      isSuggested: v.version === suggested,
      environments: envsAt(v),
    })),
  };
}

export type SafetyCheckId =
  | 'target-exists'
  | 'contains-file'
  | 'differs-from-current'
  | 'prerelease'
  | 'remote-drift'
  | 'protected-environment';

export interface SafetyCheck {
  readonly id: SafetyCheckId;
  /** pass: fine; warn: worth knowing; fail: refused unless overridden; confirm: needs an explicit confirmation. */
  readonly status: 'pass' | 'warn' | 'fail' | 'confirm';
  readonly message: string;
  /** Whether a user may override a failure (CLI flag in OVERRIDE_FLAGS). */
  readonly overridable: boolean;
}

/** The CLI flag that overrides each overridable check. */
export const OVERRIDE_FLAGS: Partial<Record<SafetyCheckId, string>> = {
  'contains-file': '--allow-missing-file',
  prerelease: '--allow-prerelease',
  'remote-drift': '--allow-drift',
};

export interface CheckContext {
  readonly snapshot: RepositorySnapshot;
  readonly files: ComponentFiles;
  /** Drift of the environment tag against the remote, when a remote was asked. */
  readonly drift?: DriftKind | null;
  readonly protectedEnvironments: readonly string[];
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
