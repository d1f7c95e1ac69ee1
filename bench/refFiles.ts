import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Writes refs straight into a repository's files backend, in git's own formats. One ref
 * transaction of 65,000 loose refs (`git update-ref --stdin`, or fast-import's tags) takes
 * tens of seconds; these files take well under one.
 */

export interface PeeledRef {
  readonly refname: string;
  readonly oid: string;
  /** The commit an annotated tag fully peels to; omitted for refs that name a commit. */
  readonly peeled?: string;
}

/**
 * `packed-refs` exactly as `git pack-refs --all` (and `git clone`) writes it: the
 * `peeled fully-peeled sorted` header, refs sorted bytewise, each tag followed by `^{peeled}`.
 * Loose refs, where they exist, still win over it.
 */
export function writePackedRefs(gitDir: string, refs: readonly PeeledRef[]): void {
  const sorted = [...refs].sort((a, b) => (a.refname < b.refname ? -1 : a.refname > b.refname ? 1 : 0));
  const lines = ['# pack-refs with: peeled fully-peeled sorted '];
  for (const r of sorted) {
    lines.push(`${r.oid} ${r.refname}`);
    if (r.peeled) lines.push(`^${r.peeled}`);
  }
  writeFileSync(path.join(gitDir, 'packed-refs'), lines.join('\n') + '\n');
}

/** One file per ref under .git/refs, as git writes a loose ref (`{oid}\n`). */
export function writeLooseRefs(gitDir: string, refs: readonly PeeledRef[]): void {
  const made = new Set<string>();
  for (const r of refs) {
    const file = path.join(gitDir, r.refname);
    const dir = path.dirname(file);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeFileSync(file, `${r.oid}\n`);
  }
}
