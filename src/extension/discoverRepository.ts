import { existsSync, statSync } from 'node:fs';
import { Git } from '../engine';

export interface DiscoveredRepository {
  /** Top level of the working tree. */
  readonly root: string;
  /** The common git directory (shared by worktrees), absolute. */
  readonly gitDir: string;
}

/** The git repository a workspace folder belongs to (one `git rev-parse`), or undefined when there is none. */
export async function discoverRepository(folder: string): Promise<DiscoveredRepository | undefined> {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return undefined;
  const result = await new Git(folder).run(['rev-parse', '--path-format=absolute', '--show-toplevel', '--git-common-dir'], {
    okExitCodes: [128],
  });
  if (result.exitCode !== 0) return undefined;
  const [root, gitDir] = result.stdout.toString('utf8').split('\n');
  // A bare repository or a folder inside `.git` has no working tree.
  if (!root || !gitDir) return undefined;
  return { root, gitDir };
}
