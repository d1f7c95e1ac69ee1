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
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const str = (s: string): number => {
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      stringIndex.set(s, i);
    }
    return i;
  };
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
  return { strings, shapes, data };
}

/** Decodes records; throws on anything malformed (the caller then treats the cache as absent). */
export function decodeRecords(encoded: EncodedRecords): Record<string, unknown>[] {
  const { strings, shapes, data } = encoded;
  if (!Array.isArray(strings) || !Array.isArray(shapes) || !Array.isArray(data)) throw new Error('malformed records');
  const decoders = shapes.map((shape) => {
    if (!Array.isArray(shape)) throw new Error('malformed shape');
    return shape.map((field) => {
      const colon = typeof field === 'string' ? field.lastIndexOf(':') : -1;
      if (colon <= 0) throw new Error('malformed field');
      const code = field.slice(colon + 1) as TypeCode;
      if (!'sntfzuj'.includes(code) || code.length !== 1) throw new Error('malformed type');
      return { key: field.slice(0, colon), code };
    });
  });
  const string = (i: number): string => {
    const s = strings[i];
    if (typeof s !== 'string') throw new Error('malformed string index');
    return s;
  };
  const out: Record<string, unknown>[] = [];
  let pos = 0;
  while (pos < data.length) {
    const fields = decoders[data[pos++]];
    if (!fields || pos + fields.length > data.length) throw new Error('malformed record');
    const record: Record<string, unknown> = {};
    for (const { key, code } of fields) {
      const v = data[pos++];
      switch (code) {
        case 's':
          record[key] = string(v);
          break;
        case 'n':
          if (typeof v !== 'number') throw new Error('malformed number');
          record[key] = v;
          break;
        case 't':
          record[key] = true;
          break;
        case 'f':
          record[key] = false;
          break;
        case 'z':
          record[key] = null;
          break;
        case 'u':
          record[key] = undefined;
          break;
        case 'j':
          record[key] = JSON.parse(string(v));
          break;
      }
    }
    out.push(record);
  }
  return out;
}
