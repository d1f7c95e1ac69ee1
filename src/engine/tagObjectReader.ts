import { Git } from './git';
import { forEachObject, isObjectId, parseObjectText } from './gitObjects';
import { TagObjectFacts } from './cache/tagObjectCache';

/**
 * What the snapshot needs from the objects tag refs name, read length-prefixed with
 * `git cat-file --batch` (see gitObjects.ts): a tag object's target, tagger and subject, or a
 * lightweight tag's commit, author and subject. A date git prints but a Date cannot hold is left
 * out and said (the `problem` field); the ref is still shown where git says it points.
 */

const OBJECT_TYPES: ReadonlySet<string> = new Set(['commit', 'tag', 'tree', 'blob']);

/** The facts of each object among `ids` that git has (missing objects are absent). */
export async function readTagObjectFacts(git: Git, ids: Iterable<string>): Promise<Map<string, TagObjectFacts>> {
  const facts = new Map<string, TagObjectFacts>();
  const asked = [...new Set(ids)].filter(isObjectId);
  if (!asked.length) return facts;
  // Decoded once, as latin1 (a character a byte, so positions are byte counts); values are slices of it.
  const out = (await git.run(['cat-file', '--batch', '--buffer'], { input: asked.join('\n') + '\n' })).stdout.toString('latin1');
  forEachObject(out, asked, (id, type, start, end) => {
    facts.set(id, factsOf(id, type, out, start, end));
  });
  return facts;
}

/**
 * The facts of one object, given as latin1 text (its bytes are `text` from `start` to `end`).
 * Pure: the same bytes always give the same facts (they are cached by id).
 */
function factsOf(id: string, rawType: string, text: string, start = 0, end = text.length): TagObjectFacts {
  const type = OBJECT_TYPES.has(rawType) ? rawType : '';
  if (type === 'tag') {
    const o = parseObjectText(text, start, end);
    const target = isObjectId(o.object) ? o.object : '';
    const targetType = target && OBJECT_TYPES.has(o.objectType) ? o.objectType : '';
    const t = o.tagger;
    const problem = !target || !targetType ? 'the tag object names no valid object' : t?.dateProblem ? `tagger ${t.dateProblem}` : '';
    return {
      type,
      target,
      targetType,
      commit: targetType === 'commit' ? target : null,
      fields: [t?.iso ?? '', t?.name ?? '', t?.email ?? '', '', '', o.subject, problem],
    };
  }
  if (type === 'commit') {
    const o = parseObjectText(text, start, end);
    const c = o.committer;
    const a = o.author;
    const problem = c?.dateProblem ? `commit ${c.dateProblem}` : '';
    return { type, target: id, targetType: type, commit: id, fields: [c?.iso ?? '', '', '', a?.name ?? '', a?.email ?? '', o.subject, problem] };
  }
  return { type, target: id, targetType: type, commit: null, fields: ['', '', '', '', '', '', type ? '' : 'unknown object type'] };
}
