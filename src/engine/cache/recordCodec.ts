import { StringTable } from '../stringTable';

/**
 * A compact, generic encoding of many plain records (objects whose values are strings, numbers,
 * booleans, null or JSON values), for caches of parsed git objects. Equal strings are stored once;
 * each distinct set of keys and value types is a "shape" stored once; a record is its shape's
 * index followed by one number per field. Whatever a parser returns flows through unchanged, so
 * a new kind of record needs no change here.
 */

type TypeCode = 's' | 'n' | 't' | 'f' | 'z' | 'u' | 'j';

export interface EncodedRecords {
  readonly strings: string[];
  /** Each shape: its keys and their type codes, `key:code` joined by commas. */
  readonly shapes: string[][];
  /** Flat: shape index, then one value per key of that shape. */
  readonly data: number[];
}

function typeOf(v: unknown): TypeCode {
  if (typeof v === 'string') return 's';
  if (typeof v === 'number') return Number.isFinite(v) ? 'n' : 'j';
  if (v === true) return 't';
  if (v === false) return 'f';
  if (v === null) return 'z';
  if (v === undefined) return 'u';
  return 'j';
}

export function encodeRecords(records: readonly object[]): EncodedRecords {
  const table = new StringTable();
  const str = (s: string): number => table.indexOf(s);
  const shapes: string[][] = [];
  const shapeIndex = new Map<string, number>();
  const data: number[] = [];
  for (const record of records) {
    const entries = Object.entries(record);
    const shape = entries.map(([k, v]) => `${k}:${typeOf(v)}`);
    const id = shape.join(',');
    let s = shapeIndex.get(id);
    if (s === undefined) {
      s = shapes.length;
      shapes.push(shape);
      shapeIndex.set(id, s);
    }
    data.push(s);
    for (const [, v] of entries) {
      const t = typeOf(v);
      if (t === 's') data.push(str(v as string));
      else if (t === 'n') data.push(v as number);
      else if (t === 'j') data.push(str(JSON.stringify(v)));
      else data.push(0);
    }
  }
  return { strings: table.strings, shapes, data };
}

type Field = { readonly key: string; readonly code: TypeCode };
/** Builds one record of a shape from (strings, data, position of its first value). */
type ShapeDecoder = (strings: readonly string[], data: readonly number[], pos: number) => Record<string, unknown>;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A decoder for one shape. For shapes whose keys are plain identifiers (all of them in practice)
 * it is a generated function returning one object literal, so that every record of a shape
 * shares one hidden class and is built in one step (five times faster than assigning keys one by one).
 * The generated code contains only the keys (checked above, and quoted by JSON.stringify) and indices.
 */
function shapeDecoder(fields: readonly Field[]): ShapeDecoder {
  if (fields.every((f) => IDENTIFIER.test(f.key))) {
    const parts = fields.map(({ key, code }, i) => {
      const at = `d[p + ${i}]`;
      const value =
        code === 's' ? `str(s, ${at})` : code === 'n' ? `num(${at})` : code === 't' ? 'true' : code === 'f' ? 'false' : code === 'z' ? 'null' : code === 'u' ? 'undefined' : `JSON.parse(str(s, ${at}))`;
      return `${JSON.stringify(key)}: ${value}`;
    });
    // Safe: the source holds only keys that matched IDENTIFIER (and are quoted by JSON.stringify) and indices.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const make = new Function('str', 'num', `return (s, d, p) => ({ ${parts.join(', ')} });`) as (
      str: (s: readonly string[], i: number) => string,
      num: (v: number) => number,
    ) => ShapeDecoder;
    return make(stringAt, numberOf);
  }
  return (strings, data, pos) => {
    const record: Record<string, unknown> = {};
    fields.forEach(({ key, code }, i) => {
      const v = data[pos + i];
      record[key] =
        code === 's' ? stringAt(strings, v) : code === 'n' ? numberOf(v) : code === 't' ? true : code === 'f' ? false : code === 'z' ? null : code === 'u' ? undefined : JSON.parse(stringAt(strings, v));
    });
    return record;
  };
}

function stringAt(strings: readonly string[], i: number): string {
  const s = strings[i];
  if (typeof s !== 'string') throw new Error('malformed string index');
  return s;
}

function numberOf(v: number): number {
  if (typeof v !== 'number') throw new Error('malformed number');
  return v;
}

/** Decodes records; throws on anything malformed (the caller then treats the cache as absent). */
export function decodeRecords(encoded: EncodedRecords): Record<string, unknown>[] {
  const { strings, shapes, data } = encoded;
  if (!Array.isArray(strings) || !Array.isArray(shapes) || !Array.isArray(data)) throw new Error('malformed records');
  const decoders = shapes.map((shape) => {
    if (!Array.isArray(shape)) throw new Error('malformed shape');
    const fields = shape.map((field): Field => {
      const colon = typeof field === 'string' ? field.lastIndexOf(':') : -1;
      if (colon <= 0) throw new Error('malformed field');
      const code = field.slice(colon + 1) as TypeCode;
      if (code.length !== 1 || !'sntfzuj'.includes(code)) throw new Error('malformed type');
      return { key: field.slice(0, colon), code };
    });
    return { width: fields.length, decode: shapeDecoder(fields) };
  });
  const out: Record<string, unknown>[] = [];
  let pos = 0;
  while (pos < data.length) {
    const shape = decoders[data[pos++]];
    if (!shape || pos + shape.width > data.length) throw new Error('malformed record');
    out.push(shape.decode(strings, data, pos));
    pos += shape.width;
  }
  return out;
}
