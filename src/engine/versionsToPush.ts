import { RemoteRefUpdate } from './remote';
import { RepositorySnapshot } from './snapshot';

/**
 * The version tags a push of environment tags carries: each version an environment will point at
 * that the remote lacks, created there (expected absent). A version the remote has is never
 * pushed again, even when it differs there: versions are never moved.
 */
export function versionsToPush(
  snapshot: RepositorySnapshot,
  pointers: readonly { readonly componentKey: string; readonly version: string | null | undefined }[],
  remoteTags: ReadonlyMap<string, string>,
): RemoteRefUpdate[] {
  const out = new Map<string, RemoteRefUpdate>();
  for (const p of pointers) {
    const v = p.version ? snapshot.get(p.componentKey)?.versions.find((x) => x.version === p.version) : undefined;
    if (!v) continue;
    const ref = `refs/tags/${v.tag}`;
    if (!remoteTags.has(ref) && !out.has(ref)) out.set(ref, { ref, expectedRemote: null, newValue: v.objectName });
  }
  return [...out.values()];
}
