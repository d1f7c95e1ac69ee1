import { EdgitError } from './errors';

/**
 * The Edgit tag grammar, exactly as the Edgit CLI (v0.5) reads and writes it:
 * `{components|logic}/{namespace}/{name}/{slot}`, where the slot is a version when it
 * matches VERSION_PATTERN and an environment otherwise. Older layouts are read and marked
 * legacy; they are never written.
 */

const PREFIXES = ['components', 'logic'] as const;
export type Prefix = (typeof PREFIXES)[number];

/** Component types as tag namespaces (plural), as the CLI names them. */
const KNOWN_NAMESPACES = [
  'prompts',
  'agents',
  'queries',
  'templates',
  'configs',
  'scripts',
  'schemas',
  'ensembles',
  'tools',
  'routes',
] as const;

/** The CLI's version slot: `v` required, prerelease of letters, digits, `_` and `.`, no build metadata. */
const VERSION_PATTERN = /^v(\d+)\.(\d+)\.(\d+)(?:-([\w.]+))?$/;
/** The v0.4.x layout (`prompts/name/1.0.0`) made the `v` optional. */
const LEGACY_VERSION_PATTERN = /^v?(\d+)\.(\d+)\.(\d+)(?:-([\w.]+))?$/;

export type TagLayout =
  /** `{components|logic}/{namespace}/{name}/{slot}` */
  | 'current'
  /** `components/{name}/{slot}` or `agents/{name}/{slot}` (Oct–Nov 2025) */
  | 'legacy-flat'
  /** `{plural-type}/{name}/{slot}` (v0.4.x, `v` optional) */
  | 'legacy-typed';

export interface ParsedTag {
  /** The tag name without `refs/tags/`. */
  readonly tag: string;
  /** The tag name without its slot: unique per component (`components/prompts/extraction`). */
  readonly key: string;
  readonly prefix: string;
  readonly namespace: string;
  readonly name: string;
  readonly slot: string;
  readonly slotKind: 'version' | 'environment';
  readonly layout: TagLayout;
  readonly legacy: boolean;
}

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** Git's own rules for one ref path component (check-ref-format): what a tag read from git can contain. */
export function isGitRefSegment(s: string): boolean {
  return (
    s.length > 0 &&
    // eslint-disable-next-line no-control-regex -- git refuses control characters in ref names
    !/[\x00-\x20\x7f~^:?*[\\]/.test(s) &&
    !s.startsWith('.') &&
    !s.includes('..') &&
    !s.includes('@{') &&
    !s.endsWith('.') &&
    !s.endsWith('.lock')
  );
}

/** The stricter rule for names this project writes. */
function isSafeSegment(s: string): boolean {
  return SEGMENT.test(s) && !s.includes('..') && !s.endsWith('.') && !s.endsWith('.lock') && s.length <= 200;
}

/** Whether a slot is a version slot for the given layout. */
export function isVersionSlot(slot: string, layout: TagLayout = 'current'): boolean {
  return (layout === 'legacy-typed' ? LEGACY_VERSION_PATTERN : VERSION_PATTERN).test(slot);
}

/** A component key's parts: what every tag of one component shares. */
export interface ParsedKey {
  readonly key: string;
  readonly prefix: string;
  readonly namespace: string;
  readonly name: string;
  readonly layout: TagLayout;
  readonly legacy: boolean;
}

/** Parses a component key (`components/prompts/extraction`, or a legacy one), or undefined. */
export function parseComponentKey(key: string): ParsedKey | undefined {
  const parts = key.split('/');
  if (!parts.every(isGitRefSegment)) return undefined;
  if (parts.length === 3) {
    const [prefix, namespace, name] = parts;
    if (!(PREFIXES as readonly string[]).includes(prefix)) return undefined;
    return { key, prefix, namespace, name, layout: 'current', legacy: false };
  }
  if (parts.length === 2) {
    const [first, name] = parts;
    if (first === 'components' || first === 'agents') return { key, prefix: first, namespace: first, name, layout: 'legacy-flat', legacy: true };
    if ((KNOWN_NAMESPACES as readonly string[]).includes(first)) {
      return { key, prefix: first, namespace: first, name, layout: 'legacy-typed', legacy: true };
    }
  }
  return undefined;
}

/** Whether a slot is a version or an environment in a layout, or undefined when git would not allow it. */
export function classifySlot(slot: string, layout: TagLayout): 'version' | 'environment' | undefined {
  if (!isGitRefSegment(slot)) return undefined;
  return isVersionSlot(slot, layout) ? 'version' : 'environment';
}

/** Parses a tag name (with or without `refs/tags/`) into its parts, or undefined when no layout fits. */
export function parseTag(refOrTag: string): ParsedTag | undefined {
  const tag = refOrTag.startsWith('refs/tags/') ? refOrTag.slice('refs/tags/'.length) : refOrTag;
  const slash = tag.lastIndexOf('/');
  if (slash <= 0) return undefined;
  const key = parseComponentKey(tag.slice(0, slash));
  if (!key) return undefined;
  return withSlot(key, tag.slice(slash + 1));
}

/** A tag of an already parsed component key, or undefined when the slot is not a valid ref segment. */
function withSlot(key: ParsedKey, slot: string): ParsedTag | undefined {
  const slotKind = classifySlot(slot, key.layout);
  if (!slotKind) return undefined;
  return { ...key, tag: `${key.key}/${slot}`, slot, slotKind };
}

/** The tag name for a component key and slot: `components/prompts/extraction` + `v1.0.0`. */
export function formatTag(componentKey: string, slot: string): string {
  return `${componentKey}/${slot}`;
}

/** The component key written for new components (current layout only). */
export function componentKey(prefix: Prefix, namespace: string, name: string): string {
  return `${prefix}/${namespace}/${name}`;
}

/** `prompts/extraction@v1.0.0`, the way users and the CLI speak of a reference. */
export function formatReference(componentId: string, slot: string): string {
  return `${componentId}@${slot}`;
}

/** Splits `prompts/extraction@production` into component and slot (slot may be absent). */
export function parseReference(ref: string): { component: string; slot?: string } {
  const at = ref.lastIndexOf('@');
  if (at <= 0) return { component: ref };
  return { component: ref.slice(0, at), slot: ref.slice(at + 1) };
}

const VALID_NAME_HELP = 'letters, digits, "-", "_" and ".", starting with a letter or digit (for example "production" or "ring-0")';

/** Checks an environment name typed by a user; returns it or throws an error that says what would be valid. */
export function validateEnvironmentName(name: string): string {
  if (!name) throw new EdgitError('The environment name is empty.', 'invalid-name', `Use ${VALID_NAME_HELP}.`);
  if (isVersionSlot(name)) {
    throw new EdgitError(
      `"${name}" is a version, not an environment name.`,
      'invalid-name',
      'Name an environment such as "production" or "staging".',
    );
  }
  if (/^v\d+\.\d+\.\d+/i.test(name)) {
    // `V1.0.0`: on a case-insensitive file system (macOS, Windows) its ref file would be the version's.
    throw new EdgitError(`"${name}" looks like a version.`, 'invalid-name', 'Environment names look like "production"; versions are lowercase v1.2.3.');
  }
  if (LEGACY_VERSION_PATTERN.test(name)) {
    throw new EdgitError(
      `"${name}" looks like a version without its "v": the Edgit CLI would read it as an environment.`,
      'invalid-name',
      `Did you mean "v${name}"? Environment names look like "production".`,
    );
  }
  if (!isSafeSegment(name) || name.startsWith('_')) {
    throw new EdgitError(`"${name}" is not a valid environment name.`, 'invalid-name', `Use ${VALID_NAME_HELP}.`);
  }
  return name;
}

/** Whether a name reads as a version (`v1.0`, `v2`, `1.0.0`, `V1.0.0`, `v1.2.3-rc.1`), strict Edgit version or not. */
export function looksLikeVersion(name: string): boolean {
  return /^[vV]?\d+(\.\d+){0,3}(-[\w.]+)?$/.test(name);
}

/**
 * Checks the name of an environment about to be created: a valid environment name that does not
 * look like a version (a tag `…/v1.0` would read as an environment to the Edgit CLI, and as a typo
 * to people). Existing tags with such names are still read and moved as they are.
 */
export function validateNewEnvironmentName(name: string): string {
  validateEnvironmentName(name);
  if (looksLikeVersion(name)) {
    throw new EdgitError(
      `"${name}" looks like a version, so it will not be created as an environment.`,
      'invalid-name',
      `Name the environment first and the version second, e.g. \`set COMPONENT production v1.0.0\`; environment names look like "production", "staging" or "canary".`,
    );
  }
  return name;
}

/** Checks a version typed by a user (`v1.2.0`, `v1.2.0-rc.1`); returns it or throws. */
export function validateVersionName(version: string): string {
  if (VERSION_PATTERN.test(version)) return version;
  if (LEGACY_VERSION_PATTERN.test(version)) {
    throw new EdgitError(`"${version}" needs a leading "v".`, 'invalid-name', `Did you mean "v${version}"?`);
  }
  throw new EdgitError(
    `"${version}" is not a valid Edgit version.`,
    'invalid-name',
    'Versions look like v1.2.0 or v1.2.0-rc.1 (a "v", three numbers, an optional prerelease of letters, digits, "_" and "."; no "+build").',
  );
}

/** Checks a component namespace and name for a tag this project would write. */
export function validateComponentName(namespace: string, name: string): void {
  if (!(KNOWN_NAMESPACES as readonly string[]).includes(namespace)) {
    throw new EdgitError(
      `"${namespace}" is not an Edgit component type.`,
      'invalid-name',
      `Use one of: ${KNOWN_NAMESPACES.join(', ')}.`,
    );
  }
  if (name.includes('/')) {
    throw new EdgitError(
      `The component name "${name}" contains "/": its tags would have five levels that no Edgit tool can list.`,
      'invalid-name',
      'Use "-" instead of "/".',
    );
  }
  if (!isSafeSegment(name) || name.startsWith('_')) {
    throw new EdgitError(`"${name}" is not a valid component name.`, 'invalid-name', `Use ${VALID_NAME_HELP}.`);
  }
}

/** Whether a full tag name is safe to hand to git as a ref (defence in depth before every write). */
export function assertWritableTag(tag: string): ParsedTag {
  const parsed = parseTag(tag);
  if (!parsed || parsed.legacy || !tag.split('/').every(isSafeSegment)) {
    throw new EdgitError(`Refusing to write the tag "${tag}": it is not a current-layout Edgit tag.`, 'invalid-name');
  }
  return parsed;
}
