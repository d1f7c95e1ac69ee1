import { existsSync, promises as fs, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { LineCounter, Node as YamlNode, Scalar, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { CacheStore } from '../cache/cacheStore';
import { REFERENCE_TYPES, parseComponentReference } from './referenceGrammar';
import { ReferenceScope, ReferenceScopeOptions, listReferenceFiles, referenceScope } from './referenceFiles';
import { StampedFile, fileStamp, readReferenceCache, writeReferenceCache } from './referenceCache';
import { IndexedFile, ReferenceFileProblem, ReferencePosition, ReferenceSite } from './referenceSite';

export { ReferenceFileProblem, ReferenceSite } from './referenceSite';

/**
 * The references of a workspace's YAML files, with their positions, parsed with a real YAML
 * parser (the `yaml` package). A file that does not parse gives one problem and no reference;
 * nothing here throws on a file's content. One file can be indexed again alone (an edit, a
 * watcher's event).
 */

/** Files larger than this are not parsed (one problem says so). */
const MAX_FILE_BYTES = 2 << 20;
/** Stands for the text of a file over the limit (never read). */
const TOO_LARGE = '\u0000edgit: too large\u0000';

/**
 * Whether a text can hold a reference at all: it names one of the seven types followed by `/`,
 * or a `://`. A text that cannot is not parsed (parsing is most of the cost of indexing), so a
 * malformed YAML file that names no component gives no problem here.
 */
const MAY_HOLD_REFERENCE = new RegExp(`(?:${REFERENCE_TYPES.join('|')})/|://`);

/** A file's text; the too-large marker for a file over the limit; undefined when it is gone or not a file. */
async function readInScope(root: string, file: string): Promise<string | undefined> {
  try {
    const full = path.join(root, file);
    const stat = await fs.stat(full);
    if (!stat.isFile()) return undefined;
    if (stat.size > MAX_FILE_BYTES) return TOO_LARGE;
    return await fs.readFile(full, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Reads and indexes files on the calling thread, in the order given, leaving out those gone or
 * not files; each with the stamp of its stat taken before it was read (a change after that gives
 * another stamp, so a kept entry is never newer than its stamp). Reads are synchronous: a thread
 * that indexes a batch is busy parsing anyway, and 2,000 small files read this way take a
 * fraction of what as many promise reads take.
 */
export function indexFilesSync(root: string, files: readonly string[]): StampedFile[] {
  const out: StampedFile[] = [];
  for (const file of files) {
    let text: string;
    let stamp: string;
    let mtimeMs: number;
    try {
      const full = path.join(root, file);
      const stat = statSync(full);
      if (!stat.isFile()) continue;
      stamp = fileStamp(stat);
      mtimeMs = stat.mtimeMs;
      text = stat.size > MAX_FILE_BYTES ? TOO_LARGE : readFileSync(full, 'utf8');
    } catch {
      continue;
    }
    out.push({ indexed: indexYamlText(file, text), stamp, mtimeMs });
  }
  return out;
}

/** From this many files on, the first index parses in worker threads too. */
const PARALLEL_FROM = 400;
const WORKER_SCRIPT = path.join(__dirname, 'refsIndexWorker.js');

/**
 * Indexes files on this thread and `threads - 1` workers (at most 3), in the order given. Each
 * worker is started first (loading its script overlaps with the rest), then reads and parses
 * its own contiguous share; a worker that fails leaves its share to this thread.
 */
async function indexFiles(root: string, files: readonly string[], threads: number): Promise<StampedFile[]> {
  const workers = threads > 1 && existsSync(WORKER_SCRIPT) ? Math.min(threads - 1, 3) : 0;
  if (!workers) return indexFilesSync(root, files);
  const size = Math.ceil(files.length / (workers + 1));
  const shares = Array.from({ length: workers }, (_, i) => files.slice((i + 1) * size, (i + 2) * size));
  const pending = shares.map((share) => inWorker(root, share).catch(() => indexFilesSync(root, share)));
  // Let the workers receive their shares before this thread is busy parsing.
  await new Promise((resolve) => setImmediate(resolve));
  const mine = indexFilesSync(root, files.slice(0, size));
  return [...mine, ...(await Promise.all(pending)).flat()];
}

function inWorker(root: string, files: readonly string[]): Promise<StampedFile[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SCRIPT);
    worker.once('message', (result: StampedFile[]) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the index worker exited with ${code}`)));
    worker.postMessage({ root, files });
  });
}

/** Indexes one file's text. Never throws on the text. */
export function indexYamlText(file: string, text: string): IndexedFile {
  if (text === TOO_LARGE || text.length > MAX_FILE_BYTES) return tooLarge(file);
  if (!MAY_HOLD_REFERENCE.test(text)) return { file, references: [], problem: null };
  const lineCounter = new LineCounter();
  const references: ReferenceSite[] = [];
  try {
    const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
    const list = Array.isArray(docs) ? docs : [];
    for (const doc of list) {
      const error = doc.errors[0];
      if (error) {
        const at = lineCounter.linePos(error.pos[0]);
        return { file, references: [], problem: { file, line: at.line, column: at.col, message: error.message.split('\n')[0] } };
      }
    }
    for (const doc of list) walk(doc.contents, null, (node, key) => {
      const reference = parseComponentReference(node.value as string, key);
      if (reference) references.push({ file, key, reference, ...position(node, text, lineCounter) });
    });
  } catch (e) {
    return { file, references: [], problem: { file, line: 1, column: 1, message: `not readable as YAML: ${String(e).split('\n')[0]}` } };
  }
  return { file, references, problem: null };
}

function tooLarge(file: string): IndexedFile {
  return { file, references: [], problem: { file, line: 1, column: 1, message: `larger than ${MAX_FILE_BYTES >> 20} MB: not indexed` } };
}

/** Calls `found` for every one-line string scalar (not keys, not aliases), with the key it sits under. */
function walk(node: unknown, key: string | null, found: (node: Scalar, key: string | null) => void): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : null;
      walk(pair.value, k, found);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) walk(item, key, found);
  } else if (isScalar(node) && typeof node.value === 'string' && node.type !== Scalar.BLOCK_FOLDED && node.type !== Scalar.BLOCK_LITERAL) {
    found(node, key);
  }
}

/** The value's own characters: without its quotes when the source spells the value as it is, else the whole token. */
function position(node: YamlNode, text: string, lines: LineCounter): ReferencePosition {
  const [start, valueEnd] = node.range ?? [0, 0];
  let from = start;
  let to = valueEnd;
  if (isScalar(node) && (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) && text.slice(start + 1, valueEnd - 1) === node.value) {
    from = start + 1;
    to = valueEnd - 1;
  }
  const a = lines.linePos(from);
  const b = lines.linePos(to);
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col, offset: from, endOffset: to };
}

export interface IndexBuildOptions {
  /** Threads that parse when there are many files (default: one per core, at most 4). */
  readonly threads?: number;
  /** The repository's cache files (Git.caches): none, every file is parsed and nothing is kept. */
  readonly cache?: CacheStore;
}

/** Adds a kept entry to `reused` when the file's stamp is still the one it was kept with. */
function reuse(entry: StampedFile | undefined, root: string, file: string, reused: StampedFile[]): boolean {
  if (!entry) return false;
  try {
    const stat = statSync(path.join(root, file));
    if (!stat.isFile() || fileStamp(stat) !== entry.stamp) return false;
  } catch {
    return false;
  }
  reused.push(entry);
  return true;
}

/** The index of one repository's references: built once, then kept up to date a file at a time. */
export class ReferenceIndex {
  private readonly files = new Map<string, IndexedFile>();

  private constructor(
    readonly root: string,
    readonly scope: ReferenceScope,
  ) {}

  /**
   * Lists the files in scope and indexes them all. Parsing is most of the cost: with `cache`
   * (the repository's CacheStore), a file whose stamp is the one kept there is not read again
   * (referenceCache.ts), and what was found is kept once the build is done. From PARALLEL_FROM
   * files to parse on, a share of them is parsed in worker threads (one per core but this
   * one's, at most 3), when the worker's script is there (refsIndexWorker.js beside this module).
   */
  static async build(root: string, options: ReferenceScopeOptions = {}, how: IndexBuildOptions = {}): Promise<ReferenceIndex> {
    const startedMs = Date.now();
    const cache = how.cache && !how.cache.disabled ? how.cache : undefined;
    const threads = how.threads ?? Math.min(availableParallelism(), 4);
    const index = new ReferenceIndex(root, await referenceScope(root, options));
    const [files, kept] = await Promise.all([listReferenceFiles(root, index.scope), cache ? readReferenceCache(cache, root) : undefined]);
    const reused: StampedFile[] = [];
    const toRead = kept ? files.filter((file) => !reuse(kept.get(file), root, file, reused)) : files;
    const read = await indexFiles(root, toRead, toRead.length >= PARALLEL_FROM ? threads : 1);
    for (const f of reused) index.store(f.indexed);
    for (const f of read) index.store(f.indexed);
    // Rewritten when a file was read or one kept is no longer listed.
    if (cache && (read.length || !kept || kept.size !== reused.length)) await writeReferenceCache(cache, root, [...reused, ...read], startedMs);
    return index;
  }

  /** Whether a repository-relative path is indexed when it exists. */
  inScope(file: string): boolean {
    return this.scope.matches(file);
  }

  /** Reads one file again (after a watcher's event); gone or out of scope: removed. Returns what it holds now. */
  async reindexFile(file: string): Promise<IndexedFile | undefined> {
    if (!this.inScope(file)) {
      this.files.delete(file);
      return undefined;
    }
    const text = await readInScope(this.root, file);
    if (text === undefined) {
      this.files.delete(file);
      return undefined;
    }
    return this.store(indexYamlText(file, text));
  }

  /** Indexes a file's text as an editor holds it (unsaved changes). */
  setFileText(file: string, text: string): IndexedFile | undefined {
    if (!this.inScope(file)) return undefined;
    return this.store(indexYamlText(file, text));
  }

  removeFile(file: string): void {
    this.files.delete(file);
  }

  private store(indexed: IndexedFile): IndexedFile {
    this.files.set(indexed.file, indexed);
    return indexed;
  }

  get(file: string): IndexedFile | undefined {
    return this.files.get(file);
  }

  /** Every indexed file, by path. */
  allFiles(): IndexedFile[] {
    return [...this.files.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }

  /** Every reference, by file and position. */
  references(): ReferenceSite[] {
    return this.allFiles().flatMap((f) => f.references);
  }

  /** The files that could not be read as YAML. */
  problems(): ReferenceFileProblem[] {
    return this.allFiles().flatMap((f) => (f.problem ? [f.problem] : []));
  }

  /** The references to one component (`prompts/analysis`), of one slot when given. */
  referencesTo(componentId: string, slot?: string): ReferenceSite[] {
    return this.references().filter((s) => s.reference.componentId === componentId && (slot === undefined || s.reference.slot === slot));
  }
}
