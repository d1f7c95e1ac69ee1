import * as path from 'node:path';
import { ComponentInfo, RepositorySnapshot, conventionPaths } from '../engine';
import { EdgitRepository } from './services';

type PathIndex = Map<string, ComponentInfo>;

const indexes = new WeakMap<RepositorySnapshot, Promise<PathIndex>>();

/** Working-tree path → component, from `.edgit/components.json` and Conductor's convention. Current layout wins over legacy. */
async function pathIndex(repo: EdgitRepository, snapshot: RepositorySnapshot): Promise<PathIndex> {
  const registry = await repo.files.registry();
  const index: PathIndex = new Map();
  const add = (p: string, c: ComponentInfo) => {
    const known = index.get(p);
    if (!known || (known.legacy && !c.legacy)) index.set(p, c);
  };
  for (const c of snapshot.components) {
    const entry = registry.get(`${c.namespace}/${c.name}`) ?? registry.get(`*/${c.name}`);
    if (entry) add(entry.path, c);
  }
  for (const c of snapshot.components) for (const p of conventionPaths(c)) if (!index.has(p)) add(p, c);
  return index;
}

function cachedIndex(repo: EdgitRepository, snapshot: RepositorySnapshot): Promise<PathIndex> {
  let index = indexes.get(snapshot);
  if (!index) {
    index = pathIndex(repo, snapshot);
    index.catch(() => indexes.delete(snapshot));
    indexes.set(snapshot, index);
  }
  return index;
}

/** A file's repository-relative path with `/`, or undefined when it is outside the repository. */
export function repositoryPath(root: string, file: string): string | undefined {
  const rel = path.relative(root, file);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/**
 * The component a working-tree file is, if any: by the registry or the convention, else a
 * file named after a component that its latest tagged commit has at that very path.
 */
export async function componentForPath(repo: EdgitRepository, snapshot: RepositorySnapshot, relPath: string): Promise<ComponentInfo | undefined> {
  const direct = (await cachedIndex(repo, snapshot)).get(relPath);
  if (direct) return direct;
  const parts = relPath.split('/');
  const base = parts[parts.length - 1];
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  const name = stem === 'index' && parts.length > 1 ? parts[parts.length - 2] : stem;
  const candidates = snapshot.components.filter((c) => c.name === name).sort((a, b) => Number(a.legacy) - Number(b.legacy));
  for (const c of candidates) {
    const commit = c.versions[0]?.commit ?? c.environments.find((e) => e.commit)?.commit;
    if (!commit) continue;
    const resolved = await repo.files.pathAt(c, commit).catch(() => undefined);
    if (resolved?.path === relPath) return c;
  }
  return undefined;
}
