import { StringTable } from '../stringTable';

/**
 * The one encoding of the cache files: a table of records with fixed columns, as JSON. Each
 * value is one entry of a flat array: a string is the index of its first occurrence in a string
 * table (equal strings are stored once: commits, versions, names repeat across thousands of
 * records), a number is itself, a boolean is 0 or 1, null is null. The columns are declared once
 * per cache as an object of name → type, so the compiler checks that a record type and its
 * columns agree; nothing is generated.
 */

/** `s` string, `n` number, `b` boolean (each may also be null). */
type ColumnType = 's' | 'n' | 'b';

/** A table's columns: name → type, in the order they are stored. */
export type Columns = Readonly<Record<string, ColumnType>>;

/** A value of a column. */
type Value = string | number | boolean | null;

interface EncodedTable {
  readonly columns: string[];
  readonly strings: string[];
  readonly data: (number | null)[];
  readonly meta: unknown;
}

/** The JSON of `records` (objects with at least the columns' fields) under `columns`, with `meta` (any JSON) beside them. */
export function encodeTable(columns: Columns, records: Iterable<Readonly<Record<string, unknown>>>, meta: unknown = null): Buffer {
  const names = Object.keys(columns);
  const types = names.map((n) => columns[n]);
  const table = new StringTable();
  const data: (number | null)[] = [];
  for (const record of records) {
    for (let c = 0; c < names.length; c++) {
      const v = record[names[c]] as Value | undefined;
      if (v === null || v === undefined) data.push(null);
      else if (types[c] === 's') data.push(table.indexOf(String(v)));
      else if (types[c] === 'b') data.push(v ? 1 : 0);
      else data.push(typeof v === 'number' && Number.isFinite(v) ? v : null);
    }
  }
  const body: EncodedTable = { columns: names.map((n, c) => `${n}:${types[c]}`), strings: table.strings, data, meta };
  return Buffer.from(JSON.stringify(body), 'utf8');
}

/**
 * The records and meta of a table written by encodeTable with the same columns, or undefined when
 * the body is anything else (other columns, a value of the wrong type, an index out of range).
 */
export function decodeTable(body: Buffer, columns: Columns): { records: Record<string, Value>[]; meta: unknown } | undefined {
  let t: EncodedTable;
  try {
    t = JSON.parse(body.toString('utf8')) as EncodedTable;
  } catch {
    return undefined;
  }
  const names = Object.keys(columns);
  const width = names.length;
  if (!t || !Array.isArray(t.columns) || !Array.isArray(t.strings) || !Array.isArray(t.data)) return undefined;
  if (t.columns.length !== width || t.columns.some((c, i) => c !== `${names[i]}:${columns[names[i]]}`)) return undefined;
  if (t.data.length % width !== 0 || !t.strings.every((s) => typeof s === 'string')) return undefined;
  const types = names.map((n) => columns[n]);
  const { strings, data } = t;
  const records: Record<string, Value>[] = [];
  for (let p = 0; p < data.length; p += width) {
    const record: Record<string, Value> = {};
    for (let c = 0; c < width; c++) {
      const v = data[p + c];
      if (v === null) {
        record[names[c]] = null;
        continue;
      }
      if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
      const type = types[c];
      if (type === 'n') record[names[c]] = v;
      else if (type === 'b') {
        if (v !== 0 && v !== 1) return undefined;
        record[names[c]] = v === 1;
      } else {
        if (!Number.isInteger(v) || v < 0 || v >= strings.length) return undefined;
        record[names[c]] = strings[v];
      }
    }
    records.push(record);
  }
  return { records, meta: t.meta };
}
