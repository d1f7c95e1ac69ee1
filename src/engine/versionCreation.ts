import { Git } from './git';
import { EdgitError } from './errors';
import { RepositorySnapshot } from './snapshot';
import { applyRefUpdates } from './refTransaction';
import { writeTagObject } from './tagObjects';
import { BumpLevel, bumpVersion } from './versionOrder';
import { Prefix, componentKey, formatTag, parseTag, validateComponentName, validateVersionName } from './tagGrammar';

export interface VersionRequest {
  /** An existing component (as typed: key, id or reference) or a new one as `namespace/name`. */
  readonly component: string;
  /** An explicit version (`v1.2.0`) or a bump level applied to the highest existing version. */
  readonly version?: string;
  readonly bump?: BumpLevel;
  /** Commit-ish to tag; HEAD by default. */
  readonly commit?: string;
  /** For a new component: `components` (default) or `logic`. */
  readonly prefix?: Prefix;
  readonly message?: string;
}

export interface CreatedVersion {
  readonly tag: string;
  readonly version: string;
  readonly commit: string;
  readonly objectName: string;
}

/** Resolves which component key a request names, creating the key for a new `namespace/name`. */
function resolveKey(snapshot: RepositorySnapshot, request: VersionRequest): { key: string; name: string; highest?: string } {
  try {
    const c = snapshot.find(request.component);
    if (c.legacy) {
      throw new EdgitError(`${c.key} uses a legacy tag layout, which this tool never writes.`, 'invalid-name');
    }
    return { key: c.key, name: c.name, highest: c.versions[0]?.version };
  } catch (e) {
    if (!(e instanceof EdgitError) || e.code !== 'unknown-component') throw e;
    const parts = request.component.split('/');
    if (parts.length !== 2) {
      throw new EdgitError(
        `"${request.component}" is not a known component, and a new one must be named namespace/name.`,
        'unknown-component',
        'For example prompts/extraction.',
      );
    }
    validateComponentName(parts[0], parts[1]);
    return { key: componentKey(request.prefix ?? 'components', parts[0], parts[1]), name: parts[1] };
  }
}

/**
 * Creates an annotated version tag (`Release {name} {version}`, as the CLI writes), refusing a
 * version that already exists: version tags are immutable and are never moved or replaced.
 */
export async function createVersion(git: Git, snapshot: RepositorySnapshot, request: VersionRequest): Promise<CreatedVersion> {
  const { key, name, highest } = resolveKey(snapshot, request);
  let version: string;
  if (request.version) version = validateVersionName(request.version);
  else if (request.bump) version = bumpVersion(highest, request.bump);
  else throw new EdgitError('Say which version to create.', 'bad-input', 'Give a version such as v1.2.0, or a bump level.');
  const tag = formatTag(key, version);
  const parsed = parseTag(tag);
  if (!parsed || parsed.slotKind !== 'version' || parsed.legacy) throw new EdgitError(`Invalid version tag ${tag}.`, 'invalid-name');
  if (snapshot.get(key)?.versions.some((v) => v.version === version)) {
    throw new EdgitError(`${tag} already exists; versions are immutable.`, 'version-exists', 'Pick a higher version or bump.');
  }
  const rev = request.commit ?? 'HEAD';
  if (rev.startsWith('-')) throw new EdgitError(`Invalid commit "${rev}".`, 'bad-input');
  const resolved = await git.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], { okExitCodes: [1, 128] });
  const commit = resolved.stdout.toString('utf8').trim();
  if (resolved.exitCode !== 0 || !commit) {
    throw new EdgitError(`"${rev}" is not a commit in this repository.`, 'bad-input', 'Give a commit hash, branch or HEAD.');
  }
  const objectName = await writeTagObject(git, {
    object: commit,
    type: 'commit',
    tagName: tag,
    message: request.message?.trim() || `Release ${name} ${version}`,
  });
  // oldValue null: the update fails if the tag appeared meanwhile, so no version is ever overwritten.
  await applyRefUpdates(git, [{ ref: `refs/tags/${tag}`, oldValue: null, newValue: objectName }], `edgit-deploy: create ${tag}`);
  return { tag, version, commit, objectName };
}
