import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Which files hold references: YAML under Conductor's conventional folders (`ensembles/`,
 * `agents/`), or the folders its `conductor.config.json` names (`discovery.ensembles.directory`,
 * `discovery.agents.directory`, their `excludeDirs`), or the include/exclude globs a user sets.
 * `conductor.config.ts` is never read: it is code, and nothing here runs a project's code.
 * Paths are relative to the repository root, with `/`.
 */

export interface ReferenceScopeOptions {
  /** Globs relative to the root (`ensembles/**\/*.yaml`); they replace the default folders. */
  readonly include?: readonly string[];
  /** Globs of files to leave out, added to the default (`**\/node_modules/**`). */
  readonly exclude?: readonly string[];
}

export interface ReferenceScope {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** What was wrong with conductor.config.json (its defaults are used then), or null. */
  readonly configProblem: string | null;
  /** Whether a repository-relative path is in scope. */
  matches(file: string): boolean;
}

const CONFIG_FILES = ['conductor.config.json', 'conductor.json', '.conductorrc.json'];
const YAML = '**/*.{yaml,yml}';
const MAX_CONFIG_BYTES = 1 << 20;

/** The scope of a repository: the options, else conductor.config.json's folders, else `ensembles/` and `agents/`. */
export async function referenceScope(root: string, options: ReferenceScopeOptions = {}): Promise<ReferenceScope> {
  const exclude = ['**/node_modules/**', ...(options.exclude ?? [])];
  if (options.include?.length) return makeScope(options.include, exclude, null);
  const dirs = { ensembles: 'ensembles', agents: 'agents' };
  const excludeDirs: string[] = [];
  let configProblem: string | null = null;
  for (const name of CONFIG_FILES) {
    let text: string;
    try {
      const stat = await fs.stat(path.join(root, name));
      if (!stat.isFile() || stat.size > MAX_CONFIG_BYTES) continue;
      text = await fs.readFile(path.join(root, name), 'utf8');
    } catch {
      continue;
    }
    try {
      const discovery = (JSON.parse(text) as { discovery?: Record<string, { directory?: unknown; excludeDirs?: unknown }> } | null)?.discovery;
      for (const kind of ['ensembles', 'agents'] as const) {
        const d = discovery?.[kind];
        const dir = typeof d?.directory === 'string' ? cleanDir(d.directory) : null;
        if (dir) dirs[kind] = dir;
        if (Array.isArray(d?.excludeDirs)) {
          for (const x of d.excludeDirs) if (typeof x === 'string' && cleanDir(x)) excludeDirs.push(`${dirs[kind]}/**/${cleanDir(x)}/**`);
        }
      }
    } catch (e) {
      configProblem = `${name}: ${(e as Error).message.split('\n')[0]}`;
    }
    break;
  }
  return makeScope([...new Set([dirs.ensembles, dirs.agents])].map((d) => `${d}/${YAML}`), [...exclude, ...excludeDirs], configProblem);
}

/** A folder from a config file, relative and inside the root (`./ensembles/` → `ensembles`), or null. */
function cleanDir(dir: string): string | null {
  const d = path.posix.normalize(dir.replace(/\\/g, '/')).replace(/^\.\/|\/+$/g, '');
  return !d || d === '.' || d.startsWith('/') || d === '..' || d.startsWith('../') ? null : d;
}

function makeScope(include: readonly string[], exclude: readonly string[], configProblem: string | null): ReferenceScope {
  const inc = include.map(globToRegExp);
  const exc = exclude.map(globToRegExp);
  return { include, exclude, configProblem, matches: (f) => inc.some((r) => r.test(f)) && !exc.some((r) => r.test(f)) };
}

/** A glob as a regular expression over `/` paths: `**` any folders, `*` and `?` within one name, `{a,b}` either. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let braces = 0;
  const g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') {
      const slashAfter = g[i + 2] === '/';
      re += slashAfter ? '(?:[^/]*/)*' : '.*';
      i += slashAfter ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces) {
      braces--;
      re += ')';
    } else if (c === ',' && braces) re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The fixed folder a glob starts with (`ensembles` of `ensembles/**\/*.yaml`), '' when it starts with a pattern. */
function globBase(glob: string): string {
  const parts = glob.replace(/\\/g, '/').replace(/^\.\//, '').split('/');
  const fixedParts: string[] = [];
  for (const p of parts.slice(0, -1)) {
    if (/[*?{}[\]]/.test(p)) break;
    fixedParts.push(p);
  }
  return fixedParts.join('/');
}

/** Every file in scope under the root, sorted. Folders named by an exclude glob ending in `/**` are not entered; symbolic links are not followed. */
export async function listReferenceFiles(root: string, scope: ReferenceScope): Promise<string[]> {
  const prunes = scope.exclude.filter((g) => g.endsWith('/**')).map((g) => globToRegExp(g.slice(0, -3)));
  const bases = [...new Set(scope.include.map(globBase))].sort();
  // A base inside another base is walked with it.
  const walkFrom = bases.filter((b) => !bases.some((o) => o !== b && (o === '' || b.startsWith(o + '/'))));
  const found: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await fs.readdir(rel ? path.join(root, rel) : root, { withFileTypes: true });
    } catch {
      return;
    }
    const subdirs: string[] = [];
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (e.name !== '.git' && !prunes.some((r) => r.test(child))) subdirs.push(child);
      } else if (e.isFile() && scope.matches(child)) found.push(child);
    }
    await Promise.all(subdirs.map(walk));
  };
  await Promise.all(walkFrom.map(walk));
  return found.sort();
}
