import { ReadProblem } from '../readProblems';
import { isObjectId } from '../gitObjects';

const REFS_TAGS = 'refs/tags/'.length;

/**
 * Names and object ids only: reads packed-refs and loose refs without opening an object. Git's
 * ref-name rules forbid spaces and control characters, so this listing's framing cannot be broken;
 * what objects say (messages, taggers, dates) is read length-prefixed (tagObjectReader.ts).
 */
export const REF_LIST_ARGS = ['for-each-ref', '--format=%(refname) %(objectname)', 'refs/tags'] as const;

/**
 * Calls `each` with the tag name and object id of every `refs/tags/` line of a names-and-ids
 * listing (REF_LIST_ARGS). A line that is not `<ref> <object id>` is skipped (and named in
 * `problems`); every line is passed exactly once.
 */
export function forEachListedTag(listing: string, each: (tag: string, objectName: string) => void, problems?: ReadProblem[]): void {
  let pos = 0;
  while (pos < listing.length) {
    let nl = listing.indexOf('\n', pos);
    if (nl < 0) nl = listing.length;
    const space = listing.lastIndexOf(' ', nl);
    const line = pos;
    pos = nl + 1;
    if (space < line) {
      if (nl > line) problems?.push({ where: listing.slice(line, Math.min(nl, line + 200)), what: 'a ref listing line git should not print' });
      continue;
    }
    const ref = listing.slice(line, space);
    const objectName = listing.slice(space + 1, nl);
    if (!ref.startsWith('refs/tags/')) continue;
    if (!isObjectId(objectName)) {
      problems?.push({ where: ref, what: 'a ref listing line git should not print' });
      continue;
    }
    each(ref.slice(REFS_TAGS), objectName);
  }
}

/** A tag's component key: its name without the last segment ('' when it has one segment). */
export function keyTextOf(tag: string): string {
  const slash = tag.lastIndexOf('/');
  return slash > 0 ? tag.slice(0, slash) : '';
}

/** git's order of ref names (bytes of their UTF-8); the same as JavaScript's for ASCII names. */
export function compareRefNames(a: string, b: string): number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(a) && /^[\x00-\x7f]*$/.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

