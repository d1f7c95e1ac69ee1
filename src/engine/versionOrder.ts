import { compareIdentifiers } from 'semver';
import { EdgitError } from './errors';
import { isVersionSlot, validateVersionName } from './tagGrammar';

/** A version slot split into its numbers and prerelease identifiers. */
interface VersionParts {
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  readonly prerelease: readonly string[];
}

const ANY_VERSION = /^v?(\d+)\.(\d+)\.(\d+)(?:-([\w.]+))?$/;

/** Parsed versions by text: a repository repeats the same few version strings across components, and sorting compares each many times. */
const parsedVersions = new Map<string, VersionParts | null>();
const PARSED_VERSIONS_LIMIT = 10_000;

function parseVersion(version: string): VersionParts | undefined {
  const known = parsedVersions.get(version);
  if (known !== undefined) return known ?? undefined;
  const m = ANY_VERSION.exec(version);
  const parts = m
    ? { major: BigInt(m[1]), minor: BigInt(m[2]), patch: BigInt(m[3]), prerelease: m[4] ? m[4].split('.') : [] }
    : null;
  if (parsedVersions.size >= PARSED_VERSIONS_LIMIT) parsedVersions.clear();
  parsedVersions.set(version, parts);
  return parts ?? undefined;
}

export function isPrerelease(version: string): boolean {
  return (parseVersion(version)?.prerelease.length ?? 0) > 0;
}

function cmpBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Semver precedence (ascending): `v1.2.0-rc.1 < v1.2.0-rc.2 < v1.2.0 < v1.10.0`.
 * Numbers compare numerically (BigInt, so long numbers stay exact); prerelease identifiers
 * compare by semver's own rule (numeric ones numerically, below alphanumeric ones).
 * Ties (e.g. `v1.0.0` and `1.0.0` in a legacy layout) fall back to the text, so the order is total.
 */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) return pa ? 1 : pb ? -1 : a < b ? -1 : a > b ? 1 : 0;
  const main = cmpBig(pa.major, pb.major) || cmpBig(pa.minor, pb.minor) || cmpBig(pa.patch, pb.patch);
  if (main) return main;
  const ra = pa.prerelease;
  const rb = pb.prerelease;
  if (ra.length === 0 || rb.length === 0) {
    if (ra.length !== rb.length) return ra.length === 0 ? 1 : -1;
  } else {
    for (let i = 0; i < Math.max(ra.length, rb.length); i++) {
      if (i >= ra.length) return -1;
      if (i >= rb.length) return 1;
      const c = compareIdentifiers(ra[i], rb[i]);
      if (c) return c;
    }
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

export type BumpLevel = 'major' | 'minor' | 'patch' | 'prerelease';

/**
 * The next version by the Edgit CLI's `tag bump` rules:
 * major → v(M+1).0.0; minor → vM.(m+1).0; patch → drop a prerelease, else p+1;
 * prerelease → increment a trailing numeric identifier, else append `.1`; from a release vM.m.(p+1)-0.
 */
export function bumpVersion(current: string | undefined, level: BumpLevel): string {
  const base = current ?? 'v0.0.0';
  if (!isVersionSlot(base)) validateVersionName(base);
  const p = parseVersion(base);
  if (!p) throw new EdgitError(`Cannot bump "${base}".`, 'bad-input');
  const { major, minor, patch, prerelease } = p;
  switch (level) {
    case 'major':
      return `v${major + 1n}.0.0`;
    case 'minor':
      return `v${major}.${minor + 1n}.0`;
    case 'patch':
      return prerelease.length ? `v${major}.${minor}.${patch}` : `v${major}.${minor}.${patch + 1n}`;
    case 'prerelease': {
      if (!prerelease.length) return `v${major}.${minor}.${patch + 1n}-0`;
      const ids = [...prerelease];
      const last = ids[ids.length - 1];
      if (/^\d+$/.test(last)) ids[ids.length - 1] = String(BigInt(last) + 1n);
      else ids.push('1');
      return `v${major}.${minor}.${patch}-${ids.join('.')}`;
    }
  }
}

export function isBumpLevel(s: string): s is BumpLevel {
  return s === 'major' || s === 'minor' || s === 'patch' || s === 'prerelease';
}
