import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { CacheFileKind, CacheStore } from '../cache/cacheStore';
import { Columns, columnIndex, decodeTable, encodeTable } from '../cache/tableCodec';
import { ComponentReference, parseComponentReference } from './referenceGrammar';
import { IndexedFile, ReferenceFileProblem, ReferenceSite } from './referenceSite';

/**
 * What the reference index found in each file, kept between sessions (the editor opening the
 * workspace again, each CLI run) so that only the files that changed are parsed again: parsing
 * is most of the cost of a first index. An entry is used when the file's stamp (size, mtime,
 * ctime and inode, from one stat) is the one it was indexed at, and the indexing is this
 * version's. One file per working tree (`references-<hash of the root>`: worktrees share the
 * cache folder), holding one row per reference (tableCodec.ts) and, beside them, each file's
 * stamp, its number of references and its problem.
 *
 * A site keeps the scalar's text, not what the grammar read in it: the reference is read again
 * from the text when the entry is used (a regular expression, no YAML), so the grammar's
 * readings are never stale. The scope is not part of the key: what a file holds does not depend
 * on which files are in scope; the files not listed by a build are dropped when it writes.
 */

/**
 * Bump when what indexing a text gives changes: which scalars are walked, positions, problems,
 * which values the grammar takes for references at all (referenceGrammar.ts), the size limit,
 * or the `yaml` package's version.
 */
const REFERENCE_CACHE_VERSION = 1;

/**
 * A file modified this recently when it was stamped is not kept: on a file system with a coarse
 * clock, a second change within the same tick could leave the same stamp (git's "racy clean").
 */
const RACY_MS = 3000;

/** One row per reference; `value` is the scalar's text, read again by the grammar. */
const COLUMNS = {
  key: 's',
  value: 's',
  line: 'n',
  column: 'n',
  endLine: 'n',
  endColumn: 'n',
  offset: 'n',
  endOffset: 'n',
} as const satisfies Columns;
const at = columnIndex(COLUMNS);

/** Size, mtime, ctime and inode of a file, as one string. */
export function fileStamp(stat: Stats): string {
  return `${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}:${stat.ino}`;
}

/** A file indexed and the stamp of what was read (null: not stamped, never kept). */
export interface StampedFile {
  readonly indexed: IndexedFile;
  readonly stamp: string | null;
  /** Its mtime when stamped. */
  readonly mtimeMs: number;
}

/** A file's entry in the meta: path, stamp, mtime, number of references, problem (line, column, message) or nulls. */
type FileEntry = [string, string, number, number, number | null, number | null, string | null];

interface Meta {
  readonly root: string;
  readonly files: FileEntry[];
}

function fileOf(root: string): CacheFileKind {
  return { name: `references-${createHash('sha1').update(root).digest('hex').slice(0, 16)}`, kind: 'references', version: REFERENCE_CACHE_VERSION };
}

/**
 * The kept entries of the working tree at `root`, by path: undefined when there are none (no
 * file, damaged, another version or root, caching off). Never throws.
 */
export async function readReferenceCache(store: CacheStore, root: string): Promise<Map<string, StampedFile> | undefined> {
  const body = await store.read(fileOf(root));
  if (!body) return undefined;
  try {
    return decode(body, root);
  } catch {
    return undefined;
  }
}

function decode(body: Buffer, root: string): Map<string, StampedFile> | undefined {
  const table = decodeTable(body, COLUMNS);
  const meta = table?.meta as Meta | undefined;
  if (!table || !meta || meta.root !== root || !Array.isArray(meta.files)) return undefined;
  const t = table.rows;
  const out = new Map<string, StampedFile>();
  const read = readingsOnce();
  let row = 0;
  for (const entry of meta.files) {
    if (!Array.isArray(entry) || entry.length !== 7) return undefined;
    const [file, stamp, mtimeMs, count, line, column, message] = entry;
    if (typeof file !== 'string' || typeof stamp !== 'string' || typeof mtimeMs !== 'number' || !Number.isInteger(count) || count < 0 || row + count > t.rows) return undefined;
    let problem: ReferenceFileProblem | null = null;
    if (message !== null) {
      if (typeof message !== 'string' || typeof line !== 'number' || typeof column !== 'number') return undefined;
      problem = { file, line, column, message };
    }
    const references: ReferenceSite[] = [];
    let readable = true;
    for (const end = row + count; row < end; row++) {
      const key = t.string(row, at.key);
      const value = t.string(row, at.value);
      const reference = value === null ? null : read(value, key);
      // The grammar no longer reads it as a reference: the file is parsed again.
      if (!reference) readable = false;
      else {
        const n = (c: number) => t.number(row, c) ?? NaN;
        const site = { file, key, reference, line: n(at.line), column: n(at.column), endLine: n(at.endLine), endColumn: n(at.endColumn), offset: n(at.offset), endOffset: n(at.endOffset) };
        if ([site.line, site.column, site.endLine, site.endColumn, site.offset, site.endOffset].some((v) => !Number.isInteger(v))) return undefined;
        references.push(site);
      }
    }
    if (readable) out.set(file, { indexed: { file, references, problem }, stamp, mtimeMs });
  }
  return row === t.rows ? out : undefined;
}

/**
 * parseComponentReference, once per value and key: the same reference is written in many files
 * (reading 20,000 values took most of a warm build). Readings are immutable, so sites may share one.
 */
function readingsOnce(): (value: string, key: string | null) => ComponentReference | null {
  const byKey = new Map<string | null, Map<string, ComponentReference | null>>();
  return (value, key) => {
    let readings = byKey.get(key);
    if (!readings) byKey.set(key, (readings = new Map<string, ComponentReference | null>()));
    let reading = readings.get(value);
    if (reading === undefined) readings.set(value, (reading = parseComponentReference(value, key)));
    return reading;
  };
}

/**
 * Keeps what a build found (`files`: every file it listed, in any order), replacing the previous
 * entries; files modified within RACY_MS of `startedMs` are left out (parsed again next time).
 * Written now by a CLI, a little later by a long-lived host (CacheStore.writeSoon).
 */
export async function writeReferenceCache(store: CacheStore, root: string, files: readonly StampedFile[], startedMs: number): Promise<void> {
  if (store.disabled) return;
  await store.writeSoon(fileOf(root), () => {
    const kept = files.filter((f) => f.stamp !== null && f.mtimeMs < startedMs - RACY_MS);
    const meta: Meta = {
      root,
      files: kept.map(({ indexed: { file, references, problem }, stamp, mtimeMs }) => [file, stamp!, mtimeMs, references.length, problem?.line ?? null, problem?.column ?? null, problem?.message ?? null]),
    };
    function* rows() {
      for (const f of kept) for (const s of f.indexed.references) yield { ...s, key: s.key, value: s.reference.text };
    }
    return [encodeTable(COLUMNS, rows(), meta)];
  });
}
