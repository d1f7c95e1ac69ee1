import { RepositorySnapshot } from '../engine';

const fingerprints = new WeakMap<RepositorySnapshot, string>();

/** A string equal for two snapshots exactly when they hold the same tags naming the same objects. */
export function snapshotFingerprint(snapshot: RepositorySnapshot): string {
  let fingerprint = fingerprints.get(snapshot);
  if (fingerprint === undefined) {
    const parts: string[] = [];
    for (const c of snapshot.components) {
      for (const v of c.versions) parts.push(`${v.tag} ${v.objectName}`);
      for (const e of c.environments) parts.push(`${e.tag} ${e.objectName}`);
    }
    parts.sort();
    parts.push(...[...snapshot.unrecognizedTags].sort());
    fingerprint = parts.join('\n');
    fingerprints.set(snapshot, fingerprint);
  }
  return fingerprint;
}
