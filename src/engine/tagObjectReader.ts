import { Git } from './git';
import { RawObject, isObjectId, parseObject, readObjects } from './gitObjects';
import { TagObjectFacts } from './cache/tagObjectCache';

/**
 * What the snapshot needs from the objects tag refs name, read length-prefixed with
 * `git cat-file --batch` (see gitObjects.ts): a tag object's target, tagger and subject, or a
 * lightweight tag's commit, author and subject. A date git prints but a Date cannot hold is left
 * out and said (the `problem` field); the ref is still shown where git says it points.
 */

export const OBJECT_TYPES: ReadonlySet<string> = new Set(['commit', 'tag', 'tree', 'blob']);

/** The facts of each object among `ids` that git has (missing objects are absent). */
export async function readTagObjectFacts(git: Git, ids: Iterable<string>): Promise<Map<string, TagObjectFacts>> {
  const facts = new Map<string, TagObjectFacts>();
  for (const [id, raw] of await readObjects(git, ids)) facts.set(id, factsOf(id, raw));
  return facts;
}

/** The facts of one object. Pure: the same bytes always give the same facts (they are cached by id). */
export function factsOf(id: string, raw: RawObject): TagObjectFacts {
  const type = OBJECT_TYPES.has(raw.type) ? raw.type : '';
  if (type === 'tag') {
    const o = parseObject(raw.body);
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
    const o = parseObject(raw.body);
    const c = o.committer;
    const a = o.author;
    const problem = c?.dateProblem ? `commit ${c.dateProblem}` : '';
    return { type, target: id, targetType: type, commit: id, fields: [c?.iso ?? '', '', '', a?.name ?? '', a?.email ?? '', o.subject, problem] };
  }
  return { type, target: id, targetType: type, commit: null, fields: ['', '', '', '', '', '', type ? '' : 'unknown object type'] };
}
