import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { Git } from '../git';
import { ReadProblem } from '../readProblems';
import { cacheDirectory, cacheDisabled, readCacheFile, writeCacheFile } from './cacheFile';
import { EncodedRecords, decodeRecords, encodeRecords } from './recordCodec';

/**
 * The parsed records of a deployment history ref, keyed by the commit(s) they were read from:
 * a history commit never changes, so what was parsed from the commits reachable from a tip is
 * right for as long as the ref names that tip, and stays right (extended by the commits added
 * since) when the ref moves forward. Kept in `.git/edgit/cache/history-<hash of the ref name>`.
 * The records are whatever the history parser returns, stored generically (see recordCodec).
 */

const KIND = 'history';
/** Bump when the records' meaning changes (a parser that reads the same commits differently). */
export const HISTORY_CACHE_VERSION = 2;

export interface CachedHistory {
  readonly ref: string;
  readonly tips: readonly string[];
  /** What the reader skipped, and where. */
  readonly skipped: readonly ReadProblem[];
  readonly records: Record<string, unknown>[];
}

interface Body extends EncodedRecords {
  readonly ref: string;
  readonly tips: string[];
  readonly skipped: ReadProblem[];
}

async function fileFor(git: Git, ref: string): Promise<string> {
  return path.join(await cacheDirectory(git), `history-${createHash('sha1').update(ref).digest('hex').slice(0, 16)}`);
}

const OID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** The cached records of `ref`, or undefined when absent, damaged, of another version or another ref. */
export async function readHistoryCache(git: Git, ref: string): Promise<CachedHistory | undefined> {
  if (cacheDisabled()) return undefined;
  const body = await readCacheFile(await fileFor(git, ref), KIND, HISTORY_CACHE_VERSION);
  if (!body) return undefined;
  try {
    const b = JSON.parse(body.toString('utf8')) as Body;
    if (b.ref !== ref || !Array.isArray(b.tips) || !b.tips.every((t) => typeof t === 'string' && OID.test(t))) return undefined;
    if (!Array.isArray(b.skipped) || !b.skipped.every((p) => typeof p?.where === 'string' && typeof p?.what === 'string')) return undefined;
    return { ref, tips: b.tips, skipped: b.skipped, records: decodeRecords(b) };
  } catch {
    return undefined;
  }
}

/** Replaces the cache of `ref` with the records read from `tips` (atomically; a failure to write is ignored). */
export async function writeHistoryCache(git: Git, ref: string, tips: readonly string[], skipped: readonly ReadProblem[], records: readonly object[]): Promise<void> {
  if (cacheDisabled()) return;
  const body: Body = { ref, tips: [...tips], skipped: skipped.map(({ where, what }) => ({ where, what })), ...encodeRecords(records) };
  await writeCacheFile(await fileFor(git, ref), KIND, HISTORY_CACHE_VERSION, Buffer.from(JSON.stringify(body), 'utf8'));
}
