import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Git } from './git';
import { ComponentInfo } from './snapshot';

/** Registry component types mapped to tag namespaces, as the CLI maps them. */
const TYPE_TO_NAMESPACE: Record<string, string> = {
  template: 'templates',
  prompt: 'prompts',
  query: 'queries',
  config: 'configs',
  script: 'scripts',
  schema: 'schemas',
  'agent-definition': 'agents',
  agent: 'agents',
  ensemble: 'ensembles',
  tool: 'tools',
  route: 'routes',
};

const CONVENTION_EXTENSIONS = ['yaml', 'yml', 'md', 'json', 'ts'];

type PathSource = 'registry' | 'convention' | 'search' | 'none';

export interface ResolvedPath {
  readonly path: string | null;
  readonly source: PathSource;
}

export type ComponentContent =
  | { readonly found: true; readonly path: string; readonly source: PathSource; readonly bytes: Buffer }
  | { readonly found: false; readonly path: string | null; readonly source: PathSource; readonly reason: string };

interface RegistryEntry {
  readonly path: string;
  readonly type?: string;
}

/**
 * Which file is a component, per commit: `.edgit/components.json` when present, else
 * Conductor's convention, else a search of that commit's tree. Paths can differ between
 * versions (renames), so every answer is per commit. Answers are cached: commits never change.
 */
export class ComponentFiles {
  private registryPromise?: Promise<Map<string, RegistryEntry>>;
  private readonly treeCache = new Map<string, Promise<Set<string>>>();
  private readonly pathCache = new Map<string, Promise<ResolvedPath>>();

  constructor(private readonly git: Git) {}

  /** Registry entries by `namespace/name`; empty when the registry file is absent or unreadable. */
  registry(): Promise<Map<string, RegistryEntry>> {
    this.registryPromise ??= this.readRegistry();
    return this.registryPromise;
  }

  /** Forget the registry (it lives in the working tree and can change). */
  invalidate(): void {
    this.registryPromise = undefined;
  }

  private async readRegistry(): Promise<Map<string, RegistryEntry>> {
    const map = new Map<string, RegistryEntry>();
    let text: string | undefined;
    try {
      text = await fs.readFile(path.join(this.git.cwd, '.edgit', 'components.json'), 'utf8');
    } catch {
      const committed = await this.git.run(['cat-file', 'blob', 'HEAD:.edgit/components.json'], { okExitCodes: [128] });
      if (committed.exitCode === 0) text = committed.stdout.toString('utf8');
    }
    if (!text) return map;
    try {
      const data = JSON.parse(text) as { components?: Record<string, RegistryEntry> };
      for (const [name, entry] of Object.entries(data.components ?? {})) {
        if (!entry || typeof entry.path !== 'string' || !isSafeRelativePath(entry.path)) continue;
        const ns = (entry.type && TYPE_TO_NAMESPACE[entry.type]) || '';
        map.set(`${ns}/${name}`, entry);
        if (!map.has(`*/${name}`)) map.set(`*/${name}`, entry);
      }
    } catch {
      // a malformed registry is ignored: convention and search still answer
    }
    return map;
  }

  /** Starts reading what pathAt needs at `commit` (its tree, the registry), for callers that ask for many paths later. */
  prefetch(commit: string): void {
    this.files(commit).catch(() => undefined);
    this.registry().catch(() => undefined);
  }

  /** All file paths of a commit's tree (one `git ls-tree -r` per commit, cached). */
  private files(commit: string): Promise<Set<string>> {
    let p = this.treeCache.get(commit);
    if (!p) {
      p = this.git
        .text(['ls-tree', '-r', '-z', '--name-only', '--end-of-options', commit])
        .then((out) => new Set(out.split('\0').filter(Boolean)));
      p.catch(() => this.treeCache.delete(commit));
      this.treeCache.set(commit, p);
    }
    return p;
  }

  /** The component's file at a commit. */
  pathAt(component: ComponentInfo, commit: string): Promise<ResolvedPath> {
    const key = `${component.key}\0${commit}`;
    let p = this.pathCache.get(key);
    if (!p) {
      p = this.resolve(component, commit);
      p.catch(() => this.pathCache.delete(key));
      this.pathCache.set(key, p);
    }
    return p;
  }

  private async resolve(component: ComponentInfo, commit: string): Promise<ResolvedPath> {
    const files = await this.files(commit);
    const registry = await this.registry();
    const entry = registry.get(`${component.namespace}/${component.name}`) ?? registry.get(`*/${component.name}`);
    if (entry && files.has(entry.path)) return { path: entry.path, source: 'registry' };
    for (const candidate of conventionPaths(component)) {
      if (files.has(candidate)) return { path: candidate, source: 'convention' };
    }
    const found = searchTree(files, component);
    if (found) return { path: found, source: 'search' };
    return { path: entry?.path ?? null, source: entry ? 'registry' : 'none' };
  }

  /** The component's bytes at a commit, or why there are none. Binary-safe. */
  async contentAt(component: ComponentInfo, commit: string): Promise<ComponentContent> {
    const resolved = await this.pathAt(component, commit);
    if (!resolved.path) {
      return { found: false, path: null, source: 'none', reason: `no file for ${component.id} in commit ${commit.slice(0, 10)}` };
    }
    const bytes = await this.readBlob(commit, resolved.path);
    if (!bytes) {
      return { found: false, path: resolved.path, source: resolved.source, reason: `${resolved.path} does not exist in commit ${commit.slice(0, 10)}` };
    }
    return { found: true, path: resolved.path, source: resolved.source, bytes };
  }

  /** A file's bytes at a commit, or undefined when the commit lacks it. */
  async readBlob(commit: string, filePath: string): Promise<Buffer | undefined> {
    if (!isSafeRelativePath(filePath) || !/^[0-9a-f]{4,64}$/.test(commit)) return undefined;
    const result = await this.git.run(['cat-file', 'blob', `${commit}:${filePath}`], { okExitCodes: [128] });
    return result.exitCode === 0 ? result.stdout : undefined;
  }
}

/** Conductor's convention for where a component's file lives. */
export function conventionPaths(component: ComponentInfo): string[] {
  const roots = component.prefix === 'logic' ? ['logic', 'src/logic'] : ['components'];
  const out: string[] = [];
  for (const root of roots) {
    for (const ext of CONVENTION_EXTENSIONS) out.push(`${root}/${component.namespace}/${component.name}.${ext}`);
    for (const ext of CONVENTION_EXTENSIONS) out.push(`${root}/${component.namespace}/${component.name}/index.${ext}`);
  }
  return out;
}

/** A file named after the component (or `<name>/index.*`), preferring one under a folder named like its namespace. */
function searchTree(files: Set<string>, component: ComponentInfo): string | undefined {
  const matches: string[] = [];
  for (const f of files) {
    const parts = f.split('/');
    const base = parts[parts.length - 1];
    const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
    if (stem === component.name || (stem === 'index' && parts[parts.length - 2] === component.name)) matches.push(f);
  }
  if (!matches.length) return undefined;
  const ranked = matches.sort((a, b) => score(b, component) - score(a, component) || a.length - b.length || (a < b ? -1 : 1));
  return ranked[0];
}

function score(file: string, component: ComponentInfo): number {
  const parts = file.split('/');
  let s = 0;
  if (parts.includes(component.namespace)) s += 2;
  if (parts.includes(component.prefix)) s += 1;
  return s;
}

export function isSafeRelativePath(p: string): boolean {
  return !!p && !p.startsWith('/') && !p.split('/').some((s) => s === '..' || s === '') && !/[\0\n]/.test(p);
}
