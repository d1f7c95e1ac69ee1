import { BadMarks, ComponentInfo, ComponentName, DriftKind, EnvironmentInfo, ReceiptLog, ReferenceIndex, ReferenceSite, RepositorySnapshot, liveStateOf } from '../../engine';
import { EdgitRepository, EdgitSettings } from '../services';
import { sortEnvironments } from './environmentOrder';
import { TreeHistory, environmentFacts, isRecent } from './moveStory';
import { ComponentNode, EdgitTreeNode, EnvironmentNode, NamespaceNode, RepositoryNode, VersionNode, nodeIds } from './nodes';

const NO_MARKS = new BadMarks();

/** Namespaces start expanded when a repository has at most this many visible components. */
const EXPAND_NAMESPACES_UP_TO = 200;

/** What the first level needs of a component: a snapshot's ComponentInfo, or its name alone (ComponentName). */
type Named = Pick<ComponentName, 'key' | 'id' | 'namespace' | 'legacy'>;

/** Whether a component matches the filter text (case-insensitive, on `namespace/name` or the full key). */
function matchesFilter(component: Named, filter: string | undefined): boolean {
  const q = filter?.trim().toLowerCase();
  if (!q) return true;
  return component.id.toLowerCase().includes(q) || component.key.toLowerCase().includes(q);
}

/** The components shown for a snapshot: legacy ones only when `showLegacyTags`, and those matching the filter. */
export function visibleComponents(snapshot: RepositorySnapshot, settings: EdgitSettings, filter?: string): ComponentInfo[] {
  return visibleNames(snapshot.components, settings, filter);
}

/** The same for any list of components (names alone, for a first paint). */
export function visibleNames<T extends Named>(components: readonly T[], settings: EdgitSettings, filter?: string): T[] {
  return components.filter((c) => (settings.showLegacyTags || !c.legacy) && matchesFilter(c, filter));
}

export function repositoryNode(repository: EdgitRepository, componentCount: number): RepositoryNode {
  return { kind: 'repository', id: nodeIds.repository(repository.root), parent: undefined, repository, repositoryRoot: repository.root, componentCount };
}

export function namespaceNodes(repository: EdgitRepository, components: readonly Named[], parent: RepositoryNode | undefined): NamespaceNode[] {
  const groups = new Map<string, Set<string>>();
  for (const c of components) {
    const keys = groups.get(c.namespace);
    if (keys) keys.add(c.key);
    else groups.set(c.namespace, new Set([c.key]));
  }
  const expanded = components.length <= EXPAND_NAMESPACES_UP_TO;
  return [...groups.keys()].sort().map((namespace) => ({
    kind: 'namespace',
    id: nodeIds.namespace(repository.root, namespace),
    parent,
    repository,
    repositoryRoot: repository.root,
    namespace,
    componentKeys: groups.get(namespace)!,
    expanded,
  }));
}

function compareComponents(a: ComponentInfo, b: ComponentInfo): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.legacy !== b.legacy) return a.legacy ? 1 : -1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** The drift kinds of one component's environments (tag name → kind), or undefined while drift is unknown. */
export function ownDrift(component: ComponentInfo, drift: ReadonlyMap<string, DriftKind> | undefined): Map<string, DriftKind> | undefined {
  if (!drift) return undefined;
  const own = new Map<string, DriftKind>();
  for (const e of component.environments) {
    const kind = drift.get(e.tag);
    if (kind) own.set(e.tag, kind);
  }
  return own;
}

/** A component's environments in display order: `edgit.environmentOrder` first, then A→Z. */
function orderedEnvironments(component: ComponentInfo, environmentOrder: readonly string[]): EnvironmentInfo[] {
  return sortEnvironments(component.environments, environmentOrder, (e) => e.name);
}

/** What a component row shows from the history and the marks (recomputed when its tags change). */
export interface ComponentRowFacts {
  readonly environments: EnvironmentInfo[];
  readonly liveBad: ComponentNode['liveBad'];
  readonly recent: ComponentNode['recent'];
  readonly live: ComponentNode['live'];
}

/** The facts of a component row: its environments in display order, the live one's bad mark, its newest move of the last 24 hours. */
export function componentRowFacts(
  component: ComponentInfo,
  environmentOrder: readonly string[],
  marks: BadMarks,
  history: TreeHistory | undefined,
  now: number,
  receipts?: ReceiptLog,
): ComponentRowFacts {
  const environments = orderedEnvironments(component, environmentOrder);
  // The live environment's recent move when it has one (what the row is about), else the newest recent move of another.
  let recent: ComponentNode['recent'] = null;
  for (const [i, env] of environments.entries()) {
    const atMs = environmentFacts(history, component.key, env).last?.atMs ?? null;
    if (atMs === null || !isRecent(atMs, now)) continue;
    if (i === 0) {
      recent = { environment: env.name, atMs };
      break;
    }
    if (!recent || atMs > recent.atMs) recent = { environment: env.name, atMs };
  }
  const live = receipts && environments[0] ? liveStateOf(receipts, history?.history, component, environments[0]) : undefined;
  return { environments, liveBad: marks.get(component.key, environments[0]?.version), recent, live };
}

/**
 * A signature of what the history says of a component's environments (the last event of each
 * timeline): when it changes without a tag moving (a record fetched, an observation written), the
 * component's rows are repainted.
 */
export function historySignature(component: ComponentInfo, history: TreeHistory | undefined, receipts?: ReceiptLog): string {
  if (!history && !receipts?.size) return '';
  return component.environments
    .map((e) => {
      const timeline = history?.history.timeline(component.key, e.name) ?? [];
      const last = timeline[timeline.length - 1];
      const receipt = receipts?.latest(component.key, e.name);
      const reported = receipts?.reportsEnvironment(e.name) ? `:${receipt?.receiptCommit ?? 'none'}` : '';
      return (last ? `${e.name}:${last.historyCommit}:${last.seq}:${history?.recordsMoves ? 1 : 0}` : e.name) + reported;
    })
    .join(',');
}

/** The rows of a namespace: `components` are the visible components of the snapshot in that namespace. */
export function componentNodes(
  group: NamespaceNode,
  components: readonly ComponentInfo[],
  drift: ReadonlyMap<string, DriftKind> | undefined,
  environmentOrder: readonly string[],
  marks: BadMarks = NO_MARKS,
  history?: TreeHistory,
  now: number = Date.now(),
  receipts?: ReceiptLog,
): ComponentNode[] {
  return [...components].sort(compareComponents).map((component) => {
    const own = ownDrift(component, drift);
    return {
      kind: 'component',
      id: nodeIds.component(group.repositoryRoot, component.key),
      parent: group,
      repository: group.repository,
      component,
      repositoryRoot: group.repositoryRoot,
      componentKey: component.key,
      drift: own,
      ...componentRowFacts(component, environmentOrder, marks, history, now, receipts),
      history,
      builtAt: now,
    };
  });
}

/** A component's children: its environments (configured order, then A→Z), then its versions, highest first. */
export function componentChildren(
  node: ComponentNode,
  settings: EdgitSettings,
  drift: ReadonlyMap<string, DriftKind> | undefined,
  marks: BadMarks = NO_MARKS,
  history: TreeHistory | undefined = node.history,
  now: number = Date.now(),
  receipts?: ReceiptLog,
  pins: ReadonlyMap<string, readonly ReferenceSite[]> = new Map(),
): EdgitTreeNode[] {
  const { component, repository, repositoryRoot, componentKey } = node;
  const base = { parent: node, repository, component, repositoryRoot, componentKey };
  const envs = node.environments;
  const protectedNames = new Set(settings.protectedEnvironments);
  const environments: EnvironmentNode[] = envs.map((environment) => ({
    ...base,
    kind: 'environment',
    id: nodeIds.environment(repositoryRoot, componentKey, environment.name),
    environment,
    protected: protectedNames.has(environment.name),
    drift: drift?.get(environment.tag),
    bad: marks.get(componentKey, environment.version),
    facts: environmentFacts(history, componentKey, environment),
    history,
    live: receipts ? liveStateOf(receipts, history?.history, component, environment) : undefined,
    builtAt: now,
  }));
  const versions: VersionNode[] = component.versions.map((version) => ({
    ...base,
    kind: 'version',
    id: nodeIds.version(repositoryRoot, componentKey, version.version),
    version,
    environments: envs.filter((e) => e.version === version.version).map((e) => e.name),
    bad: marks.get(componentKey, version.version),
    pins: pins.get(version.version) ?? [],
  }));
  return [...environments, ...versions];
}

/** The references that pin each version of a component (`prompts/analysis@v2.0.0`), by version. */
export function pinsByVersion(index: ReferenceIndex | undefined, component: ComponentInfo): Map<string, ReferenceSite[]> {
  const pins = new Map<string, ReferenceSite[]>();
  if (!index) return pins;
  const versions = new Set(component.versions.map((v) => v.version));
  for (const site of index.referencesTo(component.id)) {
    if (!versions.has(site.reference.slot)) continue;
    const list = pins.get(site.reference.slot);
    if (list) list.push(site);
    else pins.set(site.reference.slot, [site]);
  }
  return pins;
}

/** What a component's pin counts show, to tell whether its rows need painting again. */
export function pinsSignature(pins: ReadonlyMap<string, readonly ReferenceSite[]>): string {
  return [...pins].map(([version, sites]) => `${version}:${sites.map((s) => `${s.file}:${s.line}`).join(',')}`).join(';');
}
