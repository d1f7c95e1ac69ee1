import { createHash } from 'node:crypto';
import type { Git } from '../git';
import { isObjectId } from '../gitObjects';
import { ReadProblem } from '../readProblems';
import type { EventKind, HistoryEvent, ObservationSource } from '../history/historyEvents';
import { CacheFileKind } from './cacheStore';
import { Columns, TableRows, columnIndex, decodeTable, encodeTable } from './tableCodec';

/**
 * The events parsed from a deployment history ref, keyed by the commit(s) they were read from:
 * a history commit never changes, so what was parsed from the commits reachable from a tip is
 * right for as long as the ref names that tip, and stays right (extended by the commits added
 * since) when the ref moves forward. One file per ref, `history-<hash of the ref name>`; one row
 * per event (tableCodec.ts), the tips and what was skipped beside them.
 */

/** Every field of an event, and how it is stored: the compiler checks that none is missing or extra. */
const COLUMNS = {
  kind: 's',
  action: 's',
  componentKey: 's',
  componentId: 's',
  environment: 's',
  fromVersion: 's',
  fromCommit: 's',
  fromObject: 's',
  toVersion: 's',
  toCommit: 's',
  toObject: 's',
  batch: 's',
  reason: 's',
  at: 's',
  atMs: 'n',
  dated: 'b',
  by: 's',
  source: 's',
  historyCommit: 's',
  recordedBy: 's',
  recordedAtMs: 'n',
  seq: 'n',
} as const satisfies Columns & Record<keyof HistoryEvent, unknown>;

// Every column is a field of HistoryEvent, and every field a column.
type Missing = Exclude<keyof HistoryEvent, keyof typeof COLUMNS>;
const allFields: [Missing] extends [never] ? true : Missing = true;
void allFields;

/** Bump when the events' meaning changes (a parser that reads the same commits differently). */
const VERSION = 4;

function fileOf(ref: string): CacheFileKind {
  return { name: `history-${createHash('sha1').update(ref).digest('hex').slice(0, 16)}`, kind: 'history', version: VERSION };
}

export interface CachedHistory {
  readonly tips: readonly string[];
  /** What the reader skipped, and where. */
  readonly skipped: readonly ReadProblem[];
  readonly events: HistoryEvent[];
}

interface Meta {
  readonly ref: string;
  readonly tips: string[];
  readonly skipped: ReadProblem[];
}

/** The cached events of `ref`, or undefined when absent, damaged, of another version or another ref. */
export async function readHistoryCache(git: Git, ref: string): Promise<CachedHistory | undefined> {
  const body = await git.caches.read(fileOf(ref));
  if (!body) return undefined;
  const table = decodeTable(body, COLUMNS);
  const meta = table?.meta as Meta | undefined;
  if (!table || !meta || meta.ref !== ref || !Array.isArray(meta.tips) || !meta.tips.every((t) => typeof t === 'string' && isObjectId(t))) return undefined;
  if (!Array.isArray(meta.skipped) || !meta.skipped.every((p) => typeof p?.where === 'string' && typeof p?.what === 'string')) return undefined;
  const events = eventsOf(table.rows);
  return events && { tips: meta.tips, skipped: meta.skipped, events };
}

const at = columnIndex(COLUMNS);

/** The events of the rows (undefined when a field an event must have is missing). */
function eventsOf(t: TableRows): HistoryEvent[] | undefined {
  const events = new Array<HistoryEvent>(t.rows);
  for (let r = 0; r < t.rows; r++) {
    const e: HistoryEvent = {
      kind: t.string(r, at.kind) as EventKind,
      action: t.string(r, at.action)!,
      componentKey: t.string(r, at.componentKey)!,
      componentId: t.string(r, at.componentId)!,
      environment: t.string(r, at.environment)!,
      fromVersion: t.string(r, at.fromVersion),
      fromCommit: t.string(r, at.fromCommit),
      fromObject: t.string(r, at.fromObject),
      toVersion: t.string(r, at.toVersion),
      toCommit: t.string(r, at.toCommit),
      toObject: t.string(r, at.toObject),
      batch: t.string(r, at.batch)!,
      reason: t.string(r, at.reason),
      at: t.string(r, at.at)!,
      atMs: t.number(r, at.atMs)!,
      dated: t.boolean(r, at.dated)!,
      by: t.string(r, at.by),
      source: t.string(r, at.source) as ObservationSource | null,
      historyCommit: t.string(r, at.historyCommit)!,
      recordedBy: t.string(r, at.recordedBy)!,
      recordedAtMs: t.number(r, at.recordedAtMs)!,
      seq: t.number(r, at.seq)!,
    };
    if (e.kind === null || e.action === null || e.componentKey === null || e.componentId === null || e.environment === null || e.batch === null || e.at === null) return undefined;
    if (e.atMs === null || e.dated === null || e.historyCommit === null || e.recordedBy === null || e.recordedAtMs === null || e.seq === null) return undefined;
    events[r] = e;
  }
  return events;
}

/** Replaces the cache of `ref` with the events read from `tips` (atomically; a failure to write is ignored). */
export async function writeHistoryCache(git: Git, ref: string, tips: readonly string[], skipped: readonly ReadProblem[], events: readonly HistoryEvent[]): Promise<void> {
  if (git.caches.disabled) return;
  const meta: Meta = { ref, tips: [...tips], skipped: skipped.map(({ where, what }) => ({ where, what })) };
  await git.caches.write(fileOf(ref), [encodeTable(COLUMNS, events as unknown as readonly Record<string, unknown>[], meta)]);
}
