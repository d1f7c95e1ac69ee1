import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Every cache file of one repository, owned by one object: the CacheStore of the repository's
 * Git (created where the repository is opened: the CLI's context, the extension's repository;
 * flushed when it is disposed). It knows where the files live (`edgit/cache/` in the common git
 * directory, so worktrees share them; `git clone` does not copy them), reads and writes them,
 * defers writes for long-lived hosts, holds what the caches keep in memory, and removes the
 * temporary files of writers that died.
 *
 * A file is `edgit-cache <kind> <version>\n`, a body, and a last line `\nend <body bytes> <sha1 of
 * the body>\n`. It is written to a temporary file and renamed over the old one, so a reader sees
 * a whole old file or a whole new one, never a mix, also with two writers at once; a missing,
 * truncated, corrupt or other-version file reads as absent (the caller rebuilds it from git),
 * never as an error. `EDGIT_CACHE=off` turns every cache off for a process.
 */

/** Turns caching off for a process (tests and benchmarks comparing with and without). */
const CACHE_OFF_ENV = 'EDGIT_CACHE';

export function cacheDisabled(): boolean {
  return process.env[CACHE_OFF_ENV] === 'off';
}

/** What one cache file is: its file name in the folder, what it holds, and the version of its layout. */
export interface CacheFileKind {
  readonly name: string;
  readonly kind: string;
  readonly version: number;
}

/** Long-lived hosts write cache files this long after the change that made them: off the moment a refresh is painted. */
const WRITE_DELAY_MS = 1500;

/** A temporary file older than this is a dead writer's (a write takes well under a second). */
const STALE_TMP_MS = 10 * 60_000;

export class CacheStore {
  private folderPromise: Promise<string> | undefined;
  private deferring = false;
  private readonly scheduled = new Map<string, { timer: NodeJS.Timeout; produce: () => Buffer[] | undefined; file: CacheFileKind }>();
  private readonly slots = new Map<string, unknown>();

  /** `commonDir`: the repository's common git directory (asked once, when a file is first needed). */
  constructor(private readonly commonDir: () => Promise<string>) {}

  get disabled(): boolean {
    return cacheDisabled();
  }

  /** The folder of the cache files. The first call removes temporary files writers left when they were killed. */
  folder(): Promise<string> {
    this.folderPromise ??= this.commonDir().then(async (dir) => {
      const folder = path.join(dir, 'edgit', 'cache');
      await removeStaleTemporaryFiles(folder);
      return folder;
    });
    return this.folderPromise;
  }

  /**
   * What a cache keeps in memory for as long as this store lives (a long-lived host reads a file
   * once): made by `make` on first use.
   */
  slot<T>(key: string, make: () => T): T {
    if (!this.slots.has(key)) this.slots.set(key, make());
    return this.slots.get(key) as T;
  }

  /** The body of a cache file, or undefined when it is absent, damaged, of another kind or version, or caching is off. */
  async read(file: CacheFileKind): Promise<Buffer | undefined> {
    if (this.disabled) return undefined;
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(path.join(await this.folder(), file.name));
    } catch {
      return undefined;
    }
    return checkCacheBytes(bytes, file.kind, file.version);
  }

  /**
   * Writes a cache file atomically (a temporary file named for this process in the same folder,
   * then rename). A failure (read-only repository, full disk) is swallowed: the cache is an
   * optimisation, never a reason to fail. The body may come in parts.
   */
  async write(file: CacheFileKind, body: readonly Buffer[]): Promise<boolean> {
    if (this.disabled) return false;
    const target = path.join(await this.folder(), file.name);
    const tmp = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await fs.mkdir(path.dirname(target), { recursive: true });
      const handle = await fs.open(tmp, 'w');
      try {
        await handle.writev(cacheFileParts(file.kind, file.version, body));
      } finally {
        await handle.close();
      }
      await fs.rename(tmp, target);
      return true;
    } catch {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      return false;
    }
  }

  /**
   * Writes now (a CLI process exits soon), or WRITE_DELAY_MS later once deferWrites() was called
   * (a long-lived host: building a file of 65,000 entries takes its thread for a while). Several
   * writes of one file in the meantime become one, the last; `produce` runs when it is written.
   */
  async writeSoon(file: CacheFileKind, produce: () => Buffer[] | undefined): Promise<void> {
    if (this.disabled) return;
    if (!this.deferring) {
      const body = produce();
      if (body) await this.write(file, body);
      return;
    }
    const pending = this.scheduled.get(file.name);
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.scheduled.delete(file.name);
      const body = produce();
      if (body) void this.write(file, body);
    }, WRITE_DELAY_MS);
    this.scheduled.set(file.name, { timer, produce, file });
  }

  /** From now on, writeSoon writes later (long-lived hosts). */
  deferWrites(): void {
    this.deferring = true;
  }

  /** Writes every deferred file now (a host shutting down: what it learnt is not lost). */
  async flush(): Promise<void> {
    const pending = [...this.scheduled.values()];
    this.scheduled.clear();
    await Promise.all(
      pending.map(async ({ timer, produce, file }) => {
        clearTimeout(timer);
        const body = produce();
        if (body) await this.write(file, body);
      }),
    );
  }
}

function header(kind: string, version: number): string {
  return `edgit-cache ${kind} ${version}\n`;
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

/** The file's parts for a body given in parts (written as they are: a large body is not copied into one buffer). */
export function cacheFileParts(kind: string, version: number, body: readonly Buffer[]): Buffer[] {
  const hash = createHash('sha1');
  let length = 0;
  for (const part of body) {
    hash.update(part);
    length += part.length;
  }
  return [Buffer.from(header(kind, version), 'utf8'), ...body, Buffer.from(`\nend ${length} ${hash.digest('hex')}\n`, 'latin1')];
}

/** `<file>.<pid>.<random>.tmp` */
const TMP_NAME = /\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes the temporary files of writers that are gone: their process no longer runs, or the file
 * is older than any write takes. Another live writer's file is left alone.
 */
async function removeStaleTemporaryFiles(folder: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch {
    return;
  }
  await Promise.all(
    names.map(async (name) => {
      const m = TMP_NAME.exec(name);
      if (!m) return;
      const file = path.join(folder, name);
      const pid = Number(m[1]);
      const old = await fs.stat(file).then((s) => Date.now() - s.mtimeMs > STALE_TMP_MS, () => false);
      if (old || (pid !== process.pid && !processRuns(pid))) await fs.rm(file, { force: true }).catch(() => undefined);
    }),
  );
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
