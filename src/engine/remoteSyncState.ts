import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Git } from './git';

/**
 * The last value of each environment tag known to be equal on this clone and on a remote
 * (after a fetch or a successful push). Git keeps no remote-tracking refs for tags, and this is
 * what tells "my move is not pushed yet" apart from "a teammate moved it on the remote".
 * Kept in `.git/edgit/remotes/<remote>.json`, never in the working tree.
 */
export class RemoteSyncState {
  private constructor(
    private readonly file: string,
    private readonly values: Map<string, string>,
  ) {}

  static async load(git: Git, remote: string): Promise<RemoteSyncState> {
    const dir = await git.commonDir();
    const file = path.join(dir, 'edgit', 'remotes', `${encodeURIComponent(remote)}.json`);
    let values = new Map<string, string>();
    try {
      const data = JSON.parse(await fs.readFile(file, 'utf8')) as { refs?: Record<string, string> };
      values = new Map(Object.entries(data.refs ?? {}));
    } catch {
      // absent or unreadable: nothing known yet
    }
    return new RemoteSyncState(file, values);
  }

  has(ref: string): boolean {
    return this.values.has(ref);
  }

  get(ref: string): string | undefined {
    return this.values.get(ref);
  }

  /** Records that `ref` had `value` on both sides (null: absent on both). */
  set(ref: string, value: string | null): void {
    if (value === null) this.values.delete(ref);
    else this.values.set(ref, value);
  }

  async save(): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    // A name of its own per save: two saves at once (a background drift check and a push) must not share a temp file.
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await fs.writeFile(tmp, JSON.stringify({ refs: Object.fromEntries(this.values) }));
    await fs.rename(tmp, this.file);
  }
}

