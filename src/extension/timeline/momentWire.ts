import { StringTable } from '../../engine/stringTable';
import type { CellView, MomentView, RowView, ServedView, StaleView, TimelineState, ToPage } from './protocol';

/**
 * How the moment's cells and the timeline rows travel to the page: one array of values per
 * record, in a fixed field order, instead of one object with its keys spelt out 6,000 times, and
 * the strings that repeat (component keys, ids, namespaces, environments, versions, authors…)
 * sent once. Shared by the controller (toWire) and the page (fromWire); no `vscode` import.
 */

const CELL_FIELDS = [
  'componentKey',
  'componentId',
  'namespace',
  'environment',
  'version',
  'commit',
  'evidence',
  'present',
  'sinceMs',
  'by',
  'reason',
  'note',
  'candidates',
  'now',
  'changedSince',
  'movedAround',
  'canOpen',
  'bad',
] as const satisfies readonly (keyof CellView)[];

// Every field of CellView is listed (a new field fails to compile until it is), but `stale` and
// `served`: null on nearly every cell (or on every cell where no deploy reports), they travel
// apart, as the few cells that have one.
type Unlisted = Exclude<keyof CellView, (typeof CELL_FIELDS)[number] | 'stale' | 'served'>;
const everyField: [Unlisted] extends [never] ? true : Unlisted = true;
void everyField;

/** Fields whose value is a string or null: sent as an index into `strings`, -1 for null. */
const INTERNED: ReadonlySet<string> = new Set(['componentKey', 'componentId', 'namespace', 'environment', 'version', 'commit', 'evidence', 'by', 'reason', 'now']);

type WireMoment = Omit<MomentView, 'cells'> & {
  readonly cells: WireTable;
  /** The cells whose local tag is stale: [index in cells, why]. */
  readonly stale: readonly (readonly [number, StaleView])[];
  /** The cells whose environment a deploy reported: [index in cells, what it served]. */
  readonly served: readonly (readonly [number, ServedView])[];
};

export type WireToPage =
  | Exclude<ToPage, { type: 'state' } | { type: 'moment' } | { type: 'rows' }>
  | { readonly type: 'state'; readonly state: Omit<TimelineState, 'moment' | 'rows'> & { readonly moment: WireMoment; readonly rows: WireTable } }
  | { readonly type: 'moment'; readonly moment: WireMoment }
  | { readonly type: 'rows'; readonly rows: WireTable };

/** Records of one kind as a table: their values in `fields` order, the strings of `interned` fields once. */
interface WireTable {
  readonly fields: readonly string[];
  readonly strings: readonly string[];
  readonly values: readonly (readonly unknown[])[];
}

function encodeTable<T extends object>(records: readonly T[], fields: readonly (keyof T & string)[], interned: ReadonlySet<string>): WireTable {
  const table = new StringTable();
  const intern = (s: unknown): number => (typeof s === 'string' ? table.indexOf(s) : -1);
  const values = records.map((r) => fields.map((f) => (interned.has(f) ? intern(r[f]) : r[f])));
  return { fields, strings: table.strings, values };
}

/** Back to records; a field in `optional` that was absent (it travels as null) is absent again. */
function decodeTable<T>(table: WireTable, interned: ReadonlySet<string>, optional: ReadonlySet<string> = new Set()): T[] {
  const { fields, strings, values } = table;
  const isInterned = fields.map((f) => interned.has(f));
  const isOptional = fields.map((f) => optional.has(f));
  return values.map((row) => {
    const record: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) {
      const v = row[i] ?? null;
      if (isInterned[i]) record[fields[i]] = typeof v === 'number' && v >= 0 ? (strings[v] ?? null) : null;
      else if (v !== null || !isOptional[i]) record[fields[i]] = v;
    }
    return record as T;
  });
}

function encodeMoment(moment: MomentView): WireMoment {
  const stale: [number, StaleView][] = [];
  const served: [number, ServedView][] = [];
  moment.cells.forEach((c, i) => {
    if (c.stale) stale.push([i, c.stale]);
    if (c.served) served.push([i, c.served]);
  });
  return { ...moment, cells: encodeTable(moment.cells, CELL_FIELDS, INTERNED), stale, served };
}

function decodeMoment(moment: WireMoment): MomentView {
  const { stale, served, ...rest } = moment;
  // Fresh records: the fields are set in place.
  const cells = decodeTable<{ stale: StaleView | null; served: ServedView | null }>(moment.cells, INTERNED);
  for (const c of cells) {
    c.stale = null;
    c.served = null;
  }
  const staleCells: WireMoment['stale'] = Array.isArray(stale) ? stale : [];
  for (const [i, why] of staleCells) if (cells[i]) cells[i].stale = why;
  const servedCells: WireMoment['served'] = Array.isArray(served) ? served : [];
  for (const [i, what] of servedCells) if (cells[i]) cells[i].served = what;
  return { ...rest, cells: cells as unknown as CellView[] };
}

const ROW_FIELDS = ['componentKey', 'componentId', 'environment', 'segments', 'omittedSegments', 'segmentsPending', 'receipts'] as const satisfies readonly (keyof RowView)[];
type UnlistedRow = Exclude<keyof RowView, (typeof ROW_FIELDS)[number]>;
const everyRowField: [UnlistedRow] extends [never] ? true : UnlistedRow = true;
void everyRowField;
const ROW_INTERNED: ReadonlySet<string> = new Set(['componentKey', 'componentId', 'environment']);

function encodeRows(rows: readonly RowView[]): WireTable {
  return encodeTable(rows, ROW_FIELDS, ROW_INTERNED);
}

function decodeRows(rows: WireTable): RowView[] {
  return decodeTable<RowView>(rows, ROW_INTERNED, new Set(['segmentsPending']));
}

/** The message as posted: moments in their wire form. */
export function toWire(message: ToPage): WireToPage {
  if (message.type === 'state') return { ...message, state: { ...message.state, moment: encodeMoment(message.state.moment), rows: encodeRows(message.state.rows) } };
  if (message.type === 'moment') return { ...message, moment: encodeMoment(message.moment) };
  if (message.type === 'rows') return { ...message, rows: encodeRows(message.rows) };
  return message;
}

/** The message as the page uses it. */
export function fromWire(message: WireToPage): ToPage {
  if (message.type === 'state') return { ...message, state: { ...message.state, moment: decodeMoment(message.state.moment), rows: decodeRows(message.state.rows) } };
  if (message.type === 'moment') return { ...message, moment: decodeMoment(message.moment) };
  if (message.type === 'rows') return { ...message, rows: decodeRows(message.rows) };
  return message;
}
