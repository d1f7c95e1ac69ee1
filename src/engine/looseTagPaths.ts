import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isGitRefSegment } from './tagGrammar';

/**
 * The tags named by paths a file watcher reported under a git directory, when every path is a
 * loose tag ref file (`refs/tags/…`, present or just deleted) or a lock file git writes beside
 * one; otherwise undefined (packed-refs, a folder, another kind of ref, a name git would refuse):
 * then only a full listing can tell what changed.
 */
export async function looseTagsOfPaths(gitDir: string, paths: readonly string[]): Promise<string[] | undefined> {
  const tagsDir = path.join(gitDir, 'refs', 'tags') + path.sep;
  const tags: string[] = [];
  for (const p of paths) {
    if (!p.startsWith(tagsDir)) return undefined;
    // git writes `<ref>.lock` and renames it over the ref; no ref name ends in `.lock`.
    if (p.endsWith('.lock')) continue;
    const tag = p.slice(tagsDir.length).split(path.sep).join('/');
    if (!tag.split('/').every(isGitRefSegment)) return undefined;
    const stat = await fs.stat(p).catch(() => undefined);
    if (stat && !stat.isFile()) return undefined;
    tags.push(tag);
  }
  return tags.length ? tags : undefined;
}
