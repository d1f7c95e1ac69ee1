import * as path from 'path';
import { Git } from '../../../src/engine';

/** Records the git commands run in `cwd` by the engine the suites load. */
export function recordGit(cwd: string): { commands: string[][]; dispose: () => void } {
  const commands: string[][] = [];
  const dispose = Git.onCommand((entry) => {
    if (entry.cwd === cwd || entry.cwd.startsWith(cwd + path.sep)) commands.push([...entry.args]);
  });
  return { commands, dispose };
}
