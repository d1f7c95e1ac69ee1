import { Git } from './git';

/** What the header of an annotated tag object says. */
export interface TagHeader {
  /** The object it points at (`object` line). */
  readonly target: string;
  /** Its `tag` line: the name it was created with. */
  readonly tagName: string;
  /** `Name <email>` of its tagger, and when (ms), or null for a tag without a tagger line. */
  readonly tagger: string | null;
  readonly taggerMs: number | null;
}

/**
 * The headers of the tag objects among `objects`, read with one `git cat-file --batch`
 * (duplicates asked once). Objects that are missing or not tags are left out of the map.
 */
export async function readTagHeaders(git: Git, objects: readonly string[]): Promise<Map<string, TagHeader>> {
  const result = new Map<string, TagHeader>();
  const unique = [...new Set(objects)];
  if (!unique.length) return result;
  const out = (await git.run(['cat-file', '--batch'], { input: unique.map((o) => `${o}\n`).join('') })).stdout;
  let pos = 0;
  for (const o of unique) {
    const nl = out.indexOf(10, pos);
    if (nl < 0) break;
    const header = out.subarray(pos, nl).toString('utf8').split(' ');
    pos = nl + 1;
    if (header[1] === 'missing' || header.length < 3) continue;
    const size = Number(header[2]);
    const body = header[1] === 'tag' ? out.subarray(pos, pos + size).toString('utf8') : '';
    pos += size + 1;
    if (header[1] !== 'tag') continue;
    const end = body.indexOf('\n\n');
    const lines = (end >= 0 ? body.slice(0, end) : body).split('\n');
    const field = (name: string) => lines.find((l) => l.startsWith(name + ' '))?.slice(name.length + 1) ?? '';
    const tagger = /^(.*) (\d+) ([+-]\d{4})$/.exec(field('tagger'));
    result.set(o, {
      target: field('object'),
      tagName: field('tag'),
      tagger: tagger ? tagger[1] : null,
      taggerMs: tagger ? Number(tagger[2]) * 1000 : null,
    });
  }
  return result;
}
