import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Git } from '../git';
import { gitDir } from '../remoteSyncState';

/**
 * Files of the object-keyed caches under `.git/edgit/cache/` (the common git directory, so
 * every worktree of a clone shares them, and they go with the clone).
 *
 * Each file is `edgit-cache <kind> <version>\n`, a body, and a last line
 * `\nend <body bytes> <sha1 of the body>\n`. Written to a temporary file and renamed over the
 * old one, so a reader sees a whole old file or a whole new one, never a mix, also with two
 * writers at once. Read defensively: a missing, truncated, corrupt or other-version file reads
 * as absent (the caller rebuilds it from git), never as an error.
 */

/** Turns caching off for a process (tests and benchmarks comparing with and without). */
export const CACHE_OFF_ENV = 'EDGIT_CACHE';

export function cacheDisabled(): boolean {
  return process.env[CACHE_OFF_ENV] === 'off';
}

export async function cacheDirectory(git: Git): Promise<string> {
  return cacheFolderOf(await gitDir(git));
}

/** The cache folder of a repository whose common git directory is `commonGitDir`. */
export function cacheFolderOf(commonGitDir: string): string {
  return path.join(commonGitDir, 'edgit', 'cache');
}

function header(kind: string, version: number): string {
  return `edgit-cache ${kind} ${version}\n`;
}

/** The body of a cache file, or undefined when it is absent or not exactly what this version writes. */
export async function readCacheFile(file: string, kind: string, version: number): Promise<Buffer | undefined> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch {
    return undefined;
  }
  return checkCacheBytes(bytes, kind, version);
}

/** The body of cache-file bytes when header, length and checksum all agree; else undefined. */
export function checkCacheBytes(bytes: Buffer, kind: string, version: number): Buffer | undefined {
  const head = Buffer.from(header(kind, version), 'utf8');
  if (bytes.length < head.length + 6 || !bytes.subarray(0, head.length).equals(head)) return undefined;
  if (bytes[bytes.length - 1] !== 10) return undefined;
  const lastLine = bytes.lastIndexOf(10, bytes.length - 2);
  if (lastLine < head.length) return undefined;
  const trailer = /^end (\d+) ([0-9a-f]{40})$/.exec(bytes.toString('latin1', lastLine + 1, bytes.length - 1));
  if (!trailer) return undefined;
  const body = bytes.subarray(head.length, lastLine);
  if (body.length !== Number(trailer[1])) return undefined;
  if (createHash('sha1').update(body).digest('hex') !== trailer[2]) return undefined;
  return body;
}

/** The whole file for a body (header, body, trailer). */
export function cacheFileBytes(kind: string, version: number, body: Buffer): Buffer {
  return Buffer.concat(cacheFileParts(kind, version, [body]));
}

/** The file's parts for a body given in parts (written as they are: a large body is not copied into one buffer). */
function cacheFileParts(kind: string, version: number, body: readonly Buffer[]): Buffer[] {
  const hash = createHash('sha1');
  let length = 0;
  for (const part of body) {
    hash.update(part);
    length += part.length;
  }
  return [Buffer.from(header(kind, version), 'utf8'), ...body, Buffer.from(`\nend ${length} ${hash.digest('hex')}\n`, 'latin1')];
}

/**
 * Writes a cache file atomically (temporary file in the same folder, then rename). A failure
 * (read-only repository, full disk) is swallowed: the cache is an optimisation, never a reason to fail.
 * The body may come in parts (their concatenation is the body).
 */
export async function writeCacheFile(file: string, kind: string, version: number, body: Buffer | readonly Buffer[]): Promise<boolean> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const handle = await fs.open(tmp, 'w');
    try {
      await handle.writev(cacheFileParts(kind, version, Buffer.isBuffer(body) ? [body] : body));
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
    return true;
  } catch {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    return false;
  }
}

/**
 * Long-lived hosts (the extension) write cache files a little later, off the moment a refresh
 * is painted: building a file of 65,000 entries takes the host's thread for a while. Several
 * writes of one file in the meantime become one (the last).
 */
const WRITE_DELAY_MS = 1500;
let deferred = false;
const scheduled = new Map<string, { timer: NodeJS.Timeout; produce: () => Buffer | undefined; kind: string; version: number }>();

export function deferCacheWrites(): void {
  deferred = true;
}

/** Writes every deferred cache file now (a host shutting down: what it learnt is not lost). */
export async function flushCacheWrites(): Promise<void> {
  const pending = [...scheduled];
  scheduled.clear();
  await Promise.all(
    pending.map(async ([file, { timer, produce, kind, version }]) => {
      clearTimeout(timer);
      const body = produce();
      if (body) await writeCacheFile(file, kind, version, body);
    }),
  );
}

/** Writes now (the default: a CLI process exits soon), or later in hosts that deferCacheWrites(). */
export async function writeCacheFileSoon(file: string, kind: string, version: number, produce: () => Buffer | undefined): Promise<void> {
  if (!deferred) {
    const body = produce();
    if (body) await writeCacheFile(file, kind, version, body);
    return;
  }
  const pending = scheduled.get(file);
  if (pending) clearTimeout(pending.timer);
  const timer = setTimeout(() => {
    scheduled.delete(file);
    const body = produce();
    if (body) void writeCacheFile(file, kind, version, body);
  }, WRITE_DELAY_MS);
  scheduled.set(file, { timer, produce, kind, version });
}
