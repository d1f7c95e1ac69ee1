/**
 * The deterministic plan of a benchmark repository: which components exist, which versions
 * and environments each has, and which commit each version is tagged on. Pure data, no git:
 * the generator writes it, and the snapshot bench checks the engine's answer against it.
 */

export const NAMESPACES = ['prompts', 'configs', 'agents', 'queries', 'templates'] as const;

const EXTENSION_BY_NAMESPACE: Record<(typeof NAMESPACES)[number], string> = {
  prompts: 'md',
  configs: 'json',
  agents: 'yaml',
  queries: 'yaml',
  templates: 'md',
};

const WORDS = ['extraction', 'summary', 'classifier', 'router', 'billing', 'search', 'triage', 'greeting'];

/**
 * Ten versions per component, in release order, with three prereleases and a `v1.10.0` that
 * sorts wrongly as text. `round` is the release round whose commit the version is tagged on:
 * `v2.0.0` is the promoted `v2.0.0-rc.2`, so both share a commit (as when a release candidate
 * is promoted without a new commit).
 */
export const VERSIONS: readonly { readonly version: string; readonly round: number }[] = [
  { version: 'v1.0.0', round: 0 },
  { version: 'v1.0.1', round: 1 },
  { version: 'v1.1.0', round: 2 },
  { version: 'v1.2.0-beta.1', round: 3 },
  { version: 'v1.2.0', round: 4 },
  { version: 'v1.10.0', round: 5 },
  { version: 'v2.0.0-rc.1', round: 6 },
  { version: 'v2.0.0-rc.2', round: 7 },
  { version: 'v2.0.0', round: 7 },
  { version: 'v2.1.0', round: 8 },
];
export const ROUNDS = 1 + Math.max(...VERSIONS.map((v) => v.round));

export const ENVIRONMENTS = ['canary', 'production', 'staging'] as const;
type Environment = (typeof ENVIRONMENTS)[number];

export interface PlannedComponent {
  readonly index: number;
  readonly namespace: string;
  readonly name: string;
  /** Repo-relative file path (Conductor's convention `components/{namespace}/{name}.{ext}`). */
  readonly path: string;
  /** The version each environment targets (the CLI's nested tag points at this version's tag object). */
  readonly environments: Readonly<Record<Environment, string>>;
}

export function tagPrefixOf(c: PlannedComponent): string {
  return `components/${c.namespace}/${c.name}`;
}

/** Component `index` of any repository (the plan of size N is the first N components). */
function plannedComponent(index: number): PlannedComponent {
  const namespace = NAMESPACES[index % NAMESPACES.length];
  const name = `${WORDS[Math.floor(index / NAMESPACES.length) % WORDS.length]}-${String(index).padStart(5, '0')}`;
  return {
    index,
    namespace,
    name,
    path: `components/${namespace}/${name}.${EXTENSION_BY_NAMESPACE[namespace]}`,
    environments: {
      production: index % 4 === 0 ? 'v1.10.0' : 'v2.0.0',
      staging: index % 3 === 0 ? 'v2.0.0' : 'v2.1.0',
      // The release candidate shares its commit with v2.0.0: only the nested tag says which one.
      canary: index % 5 === 0 ? 'v2.0.0-rc.2' : 'v2.1.0',
    },
  };
}

export function plannedComponents(count: number): PlannedComponent[] {
  return Array.from({ length: count }, (_, i) => plannedComponent(i));
}

