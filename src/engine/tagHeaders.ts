import { Git } from './git';
import { parseObject, readObjects } from './gitObjects';

/** What the header of an annotated tag object says. */
export interface TagHeader {
  /** The object it points at (`object` line). */
  readonly target: string;
  /** Its `tag` line: the name it was created with. */
  readonly tagName: string;
  /** `Name <email>` of its tagger, or null for a tag without a tagger line. */
  readonly tagger: string | null;
  /** When it was tagged (ms), or null without a tagger line or with a date a Date cannot hold. */
  readonly taggerMs: number | null;
  /** Why the tagger's date could not be read, when it could not. */
  readonly dateProblem: string | null;
}

/**
 * The headers of the tag objects among `objects`, read length-prefixed with one `git cat-file
 * --batch` (duplicates asked once). Objects that are missing or not tags are left out of the map.
 */
export async function readTagHeaders(git: Git, objects: readonly string[]): Promise<Map<string, TagHeader>> {
  const result = new Map<string, TagHeader>();
  for (const [id, raw] of await readObjects(git, objects)) {
    if (raw.type !== 'tag') continue;
    const o = parseObject(raw.body);
    const t = o.tagger;
    result.set(id, {
      target: o.object,
      tagName: o.tagName,
      tagger: t ? (t.email ? `${t.name} <${t.email}>` : t.name) : null,
      taggerMs: t?.ms ?? null,
      dateProblem: t?.dateProblem ?? null,
    });
  }
  return result;
}
