import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * What this clone knows of a remote without asking it: the sync record the engine keeps in
 * `.git/edgit/remotes/<remote>.json` (RemoteSyncState): each environment tag's value when it was
 * last known equal here and there (a fetch, a push, a drift check), and when that file was last
 * written. `status` compares the tags with it by default, without network.
 *
 * Read with two file-system calls and no git (the CLI's entry reads it to key the kept status
 * answer): this module imports nothing else.
 */
export interface SyncRecord {
  readonly remote: string;
  /** The file's bytes, as the key of a kept answer takes them. */
  readonly bytes: Buffer;
  /** Tag ref → its value at the last sync. */
  readonly refs: ReadonlyMap<string, string>;
  /** When the record was last written (ms since the epoch). */
  readonly writtenMs: number;
}

/** The folder of the sync records of the repository whose common git directory is `gitDir`. */
function syncRecordFolder(gitDir: string): string {
  return path.join(gitDir, 'edgit', 'remotes');
}

/**
 * The sync record of `origin`, else of the only remote that has one; undefined when there is
 * none (no fetch or push made with Edgit yet) or it cannot be read.
 */
export async function readSyncRecord(gitDir: string): Promise<SyncRecord | undefined> {
  const folder = syncRecordFolder(gitDir);
  let names: string[];
  try {
    names = (await fs.readdir(folder)).filter((n) => n.endsWith('.json'));
  } catch {
    return undefined;
  }
  const name = names.includes('origin.json') ? 'origin.json' : names.length === 1 ? names[0] : undefined;
  if (!name) return undefined;
  try {
    const file = path.join(folder, name);
    const [bytes, stat] = await Promise.all([fs.readFile(file), fs.stat(file)]);
    const data = JSON.parse(bytes.toString('utf8')) as { refs?: Record<string, unknown> };
    const refs = new Map(Object.entries(data.refs ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string'));
    return { remote: decodeURIComponent(name.slice(0, -'.json'.length)), bytes, refs, writtenMs: stat.mtimeMs };
  } catch {
    return undefined;
  }
}

/** What a kept answer that shows drift depends on of the sync record. */
export function syncRecordIdentity(record: SyncRecord | undefined): string {
  return record ? `sync ${record.remote} ${record.writtenMs} ${record.bytes.toString('latin1')}` : 'no sync record';
}
