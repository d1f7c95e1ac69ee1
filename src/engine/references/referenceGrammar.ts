import { formatTag, isGitRefSegment, isVersionSlot, parseTag } from '../tagGrammar';

/**
 * Component references in Conductor ensembles and agents, read exactly as Conductor reads them.
 *
 * What Conductor does (ensemble-edge/conductor, read at its main branch):
 * - A YAML value is a reference when it is a one-line string matching
 *   `^[a-z0-9-_]+/[a-z0-9-_/]+@[a-z0-9.-]+$` (case-insensitive; utils/component-resolver.ts,
 *   `isComponentReference`). A value of the same shape without `@` (`prompts/x`) is read as
 *   `prompts/x@latest`. Anything else — a slot with `^`, `_` or `+` (`@^2.0.0`), a multi-line
 *   string, an expression — is passed on as literal text, silently: no error at load time.
 * - The lookup is exact: the slot is a KV key suffix, never a range. `queries/x@v2` reads the key
 *   of the slot `v2`; `@latest` reads the key of the slot `latest`. No code maps `v2` to the
 *   highest v2.x.y or `latest` to the newest version (`schemas.get('order@^2.0.0')` is documented
 *   as a semver range, but the resolver reads it as inline text).
 * - The deploy workflow (catalog/cloud/cloudflare/templates/.github/workflows/conductor.yaml)
 *   writes, for each pushed tag `components/{type}/{name}/{slot}`, the key `{type}/{name}@{slot}`.
 *   So a reference finds content only when a tag with exactly that slot exists (and was deployed):
 *   `v2` and `latest` resolve only if someone tagged a slot with that very name.
 * - Seven types: schemas, prompts, configs, queries, scripts, templates, docs. A name with `/`
 *   (`templates/email/welcome@latest`, in Conductor's own examples) matches the resolver's
 *   pattern, but the workflow cuts tags at `/` (name = 2nd part, slot = 3rd), so no tag can
 *   publish it.
 * - The 1.0.x form `prompt://name@version` (component-loader.ts, `{protocol}://{path}[@{version}]`,
 *   default version `latest`) maps the protocol to its plural (`template`→`templates`, `prompt`→
 *   `prompts`, `query`→`queries`, `config`→`configs`, `script`→`scripts`, `schema`→`schemas`,
 *   `docs`→`docs`) and reads the same key `{type}/{path}@{version}`. Conductor 1.1.0 removed it from
 *   ensembles (its CHANGELOG: `prompt://analyst@v1.0.0` → `prompts/analyst@v1.0.0`, and `kv://x` →
 *   `templates/x`); the loader still serves `template://` partials in HTML agents.
 * - Inside Conductor the key spelling is not uniform: the resolver used for `type/name@slot`
 *   asks its EDGIT KV for `components/{type}/{name}/{slot}` and its COMPONENTS KV for
 *   `{type}/{name}/{slot}`, while the workflow and the loader use `{type}/{name}@{slot}`. Either
 *   way the slot is matched exactly, which is what this module checks: the tag must exist.
 *
 * Nothing parsed here reaches git unless it is a tag the project's own grammar accepts (tagGrammar.ts).
 */

/** Conductor's component types, as the key prefix (plural), in its registry's order. */
export const REFERENCE_TYPES = ['schemas', 'prompts', 'configs', 'queries', 'scripts', 'templates', 'docs'] as const;

/** The 1.0.x protocols and the type each reads (`kv://` was the email templates' spelling). */
const LEGACY_PROTOCOLS: Readonly<Record<string, string>> = {
  template: 'templates',
  prompt: 'prompts',
  query: 'queries',
  config: 'configs',
  script: 'scripts',
  schema: 'schemas',
  docs: 'docs',
  kv: 'templates',
};

/** The keys under which Conductor resolves a bare `type/name` (no slot) as `@latest`. */
const UNVERSIONED_KEYS = new Set(['prompt', 'schema', 'template', 'config', 'query', 'script', 'docs']);

const CONDUCTOR_REFERENCE = /^[a-z0-9_-]+\/[a-z0-9_/-]+@[a-z0-9.-]+$/i;
const CONDUCTOR_UNVERSIONED = /^[a-z0-9_-]+\/[a-z0-9_/-]+$/i;
/** What looks like a reference to a person (one of the seven types, a name, an `@`), read by Conductor or not. */
const LOOKS_LIKE_REFERENCE = /^([a-z]+)\/([^\s@]+)@([^\s@]*)$/;
const LEGACY_URI = /^(\w+):\/\/([^@\s]+)(?:@(\S+))?$/;

export interface ComponentReference {
  /** The value as written in the file. */
  readonly text: string;
  /** `path`: `prompts/x@v1.0.0`; `legacy-uri`: `prompt://x@v1.0.0`; `unversioned`: `prompts/x` (read as `@latest`). */
  readonly form: 'path' | 'legacy-uri' | 'unversioned';
  readonly type: string;
  readonly name: string;
  /** The slot Conductor looks up (`latest` when none is written). */
  readonly slot: string;
  /** `prompts/x`: how users speak of the component. */
  readonly componentId: string;
  /** `prompts/x@v1.0.0`: the KV key Conductor reads, and the text a legacy form should be replaced with. */
  readonly canonical: string;
  /** Whether Conductor reads the value as a reference at all (false: it passes it on as literal text). */
  readonly conductorReads: boolean;
  /** `components/prompts/x`, when the project's tag grammar accepts it. */
  readonly componentKey: string | null;
  /** `components/prompts/x/v1.0.0`, when the project's tag grammar accepts it: the only form that may reach git. */
  readonly tag: string | null;
  /** Whether the slot is an Edgit version (`v1.2.3`) or an environment (anything else, `v2` and `latest` included). */
  readonly slotKind: 'version' | 'environment';
}

/**
 * Reads one YAML string value as a component reference, or null when it is none. `key` is the
 * mapping key the value sits under (a bare `prompts/x` is a reference only under a key Conductor
 * resolves, such as `prompt:` or `schema:`).
 */
export function parseComponentReference(value: string, key: string | null = null): ComponentReference | null {
  if (value.length > 400 || value.includes('\n')) return null;
  const legacy = LEGACY_URI.exec(value);
  if (legacy) {
    const type = LEGACY_PROTOCOLS[legacy[1]];
    if (!type) return null;
    return build(value, 'legacy-uri', type, legacy[2], legacy[3] ?? 'latest', true);
  }
  const path = LOOKS_LIKE_REFERENCE.exec(value);
  if (path) {
    if (!isReferenceType(path[1])) return null;
    return build(value, 'path', path[1], path[2], path[3], CONDUCTOR_REFERENCE.test(value));
  }
  if (key !== null && UNVERSIONED_KEYS.has(key) && CONDUCTOR_UNVERSIONED.test(value)) {
    const slash = value.indexOf('/');
    const type = value.slice(0, slash);
    if (!isReferenceType(type)) return null;
    return build(value, 'unversioned', type, value.slice(slash + 1), 'latest', true);
  }
  return null;
}

function isReferenceType(type: string): boolean {
  return (REFERENCE_TYPES as readonly string[]).includes(type);
}

function build(text: string, form: ComponentReference['form'], type: string, name: string, slot: string, conductorReads: boolean): ComponentReference {
  const componentId = `${type}/${name}`;
  const key = `components/${componentId}`;
  // Conductor's pattern is ASCII-only: a value it does not read as a reference names no tag.
  const candidate = conductorReads && isGitRefSegment(name) && isGitRefSegment(slot) ? parseTag(formatTag(key, slot)) : undefined;
  // Only a current-layout tag of exactly this type and name: a name with `/` or a slot git refuses gives none.
  const valid = candidate && candidate.layout === 'current' && candidate.namespace === type && candidate.name === name && candidate.slot === slot;
  return {
    text,
    form,
    type,
    name,
    slot,
    componentId,
    canonical: `${componentId}@${slot}`,
    conductorReads,
    componentKey: valid ? key : null,
    tag: valid ? candidate.tag : null,
    slotKind: isVersionSlot(slot) ? 'version' : 'environment',
  };
}

/** A partial version (`v2`, `v2.1`): the prefix a version must start with to be "what the tags allow", or null. */
export function partialVersionPrefix(slot: string): string | null {
  const m = /^v(\d+)(?:\.(\d+))?$/.exec(slot);
  if (!m) return null;
  return m[2] === undefined ? `v${m[1]}.` : `v${m[1]}.${m[2]}.`;
}
