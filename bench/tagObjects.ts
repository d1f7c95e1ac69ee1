import { CommitStream, PERSON } from './commitStream';
import { GitObject, objectId } from './packWriter';
import { ENVIRONMENTS, PlannedComponent, VERSIONS, tagPrefixOf } from './repoModel';

/**
 * The annotated tag objects of a benchmark repository, byte for byte as the Edgit CLI's
 * `git tag -a` writes them: one per version on its release commit (`Release x v1.0.0`), and
 * one per environment whose object is the *version tag object* (`Set x to production`):
 * a nested tag, peeling to the version's commit.
 */

export interface TagRef {
  /** `refs/tags/components/prompts/x/v1.0.0` */
  readonly refname: string;
  /** The tag object the ref names. */
  readonly oid: string;
  /** The commit it fully peels to (packed-refs writes it after `^`). */
  readonly peeled: string;
  readonly object: GitObject;
}

/** `commitOid(mark)` gives the object id fast-import assigned to a commit mark. */
export function buildTagObjects(
  components: readonly PlannedComponent[],
  commits: CommitStream,
  commitOid: (mark: number) => string,
): TagRef[] {
  const tags: TagRef[] = [];
  const versionTag = new Map<string, TagRef>();
  for (const c of components) {
    for (const { version, round } of VERSIONS) {
      const commit = commits.commitOf(round, c.index);
      const oid = commitOid(commit.mark);
      const tag = annotated(`${tagPrefixOf(c)}/${version}`, oid, 'commit', commit.time + 30, `Release ${c.name} ${version}`, oid);
      versionTag.set(`${c.index}/${version}`, tag);
      tags.push(tag);
    }
  }
  let time = commits.lastTime + 3600;
  for (const c of components) {
    for (const env of ENVIRONMENTS) {
      const target = versionTag.get(`${c.index}/${c.environments[env]}`);
      if (!target) throw new Error(`${c.name}: no version ${c.environments[env]} for ${env}`);
      tags.push(annotated(`${tagPrefixOf(c)}/${env}`, target.oid, 'tag', (time += 1), `Set ${c.name} to ${env}`, target.peeled));
    }
  }
  return tags;
}

function annotated(name: string, object: string, type: 'commit' | 'tag', time: number, message: string, peeled: string): TagRef {
  const body = Buffer.from(`object ${object}\ntype ${type}\ntag ${name}\ntagger ${PERSON} ${time} +0000\n\n${message}\n`);
  return { refname: `refs/tags/${name}`, oid: objectId('tag', body), peeled, object: { type: 'tag', body } };
}
