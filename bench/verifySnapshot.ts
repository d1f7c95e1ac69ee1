import type { RepositorySnapshot } from '../src/engine/snapshot';
import { ENVIRONMENTS, VERSIONS, plannedComponents, tagPrefixOf } from './repoModel';

/**
 * Checks what the engine read against what the generator wrote, so a fast but wrong snapshot
 * cannot pass for a good one. Returns human-readable problems (empty when all is right),
 * at most `limit` of them.
 */
export function verifySnapshot(snapshot: RepositorySnapshot, components: number, limit = 5): string[] {
  const problems: string[] = [];
  const report = (p: string): void => {
    if (problems.length < limit) problems.push(p);
  };
  // VERSIONS is in release order, which here is also ascending semver precedence.
  const expectedOrder = VERSIONS.map((v) => v.version).reverse().join(' ');

  if (snapshot.components.length !== components) {
    report(`${snapshot.components.length} components read, ${components} written`);
  }
  if (snapshot.unrecognizedTags.length) report(`${snapshot.unrecognizedTags.length} tags unrecognized`);

  for (const planned of plannedComponents(components)) {
    const key = tagPrefixOf(planned);
    const c = snapshot.get(key);
    if (!c) {
      report(`${key}: missing`);
      continue;
    }
    const order = c.versions.map((v) => v.version).join(' ');
    if (order !== expectedOrder) report(`${key}: versions ${order}, expected ${expectedOrder}`);
    if (c.versions.some((v) => !v.annotated)) report(`${key}: a version tag read as lightweight`);
    for (const env of ENVIRONMENTS) {
      const e = c.environments.find((x) => x.name === env);
      const want = planned.environments[env];
      const targetCommit = c.versions.find((v) => v.version === want)?.commit;
      if (!e) report(`${key}/${env}: missing`);
      else if (e.version !== want) report(`${key}/${env}: at ${e.version}, expected ${want}`);
      else if (!e.targetsVersionTag) report(`${key}/${env}: targetsVersionTag is false for a nested tag`);
      else if (!e.commit || e.commit !== targetCommit) report(`${key}/${env}: peels to ${e.commit}, expected ${targetCommit}`);
    }
  }
  return problems;
}
