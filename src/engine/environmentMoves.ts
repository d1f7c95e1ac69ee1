import { randomBytes } from 'node:crypto';
import { Git } from './git';
import { EdgitError } from './errors';
import { ComponentInfo, EnvironmentInfo, RepositorySnapshot, VersionInfo } from './snapshot';
import { assertWritableTag, formatReference, formatTag, validateEnvironmentName, validateNewEnvironmentName, validateVersionName } from './tagGrammar';
import { RefUpdate } from './refTransaction';
import { committerIdent, writeTagObject } from './tagObjects';
import { isObjectId } from './gitObjects';

/** Where an environment pointer is (or will be). */
export interface PointerState {
  readonly version: string | null;
  readonly commit: string | null;
  /** What the env tag object points at (a version tag object or a commit). */
  readonly target: string;
  readonly targetType: 'tag' | 'commit';
}

export type MoveAction = 'set' | 'rollback' | 'undo' | 'recreate';

/** One environment pointer change, fully described before anything is written. */
export interface EnvironmentMove {
  readonly componentKey: string;
  readonly componentId: string;
  readonly componentName: string;
  readonly environment: string;
  /** Full tag name, e.g. `components/prompts/extraction/production`. */
  readonly tag: string;
  /** The ref's value now (null when the environment does not exist yet) and where it points. */
  readonly fromObject: string | null;
  readonly from: PointerState | null;
  /** Where it will point; null deletes the environment (only an undo of its creation does that). */
  readonly to: PointerState | null;
  /**
   * An undo: the env tag object the environment had before (it points where `to` says), put back
   * as it was instead of a new tag object, so a clone whose remote still has it is the same as the
   * remote again. Absent: a new tag object is written.
   */
  readonly restoreObject?: string | null;
}

/** A batch ready to apply: tag objects written, no ref touched yet. */
export interface PreparedBatch {
  readonly batchId: string;
  readonly action: MoveAction;
  readonly reason: string | null;
  readonly moves: readonly EnvironmentMove[];
  readonly updates: readonly RefUpdate[];
}

/** `prompts/extraction · production: v1.1.0 → v1.0.0`, the exact move a user confirms. */
export function describeMove(move: EnvironmentMove): string {
  const label = (p: PointerState | null) => (p ? (p.version ?? `commit ${p.commit?.slice(0, 10) ?? '?'}`) : '(none)');
  return `${move.componentId} · ${move.environment}: ${label(move.from)} → ${label(move.to)}`;
}

export function pointerOfVersion(v: VersionInfo): PointerState {
  return { version: v.version, commit: v.commit, target: v.objectName, targetType: v.annotated ? 'tag' : 'commit' };
}

function pointerOfEnvironment(e: EnvironmentInfo): PointerState {
  return {
    version: e.version,
    commit: e.commit,
    target: e.target,
    targetType: e.targetType === 'tag' ? 'tag' : 'commit',
  };
}

export function findVersion(component: ComponentInfo, version: string): VersionInfo {
  const found = component.versions.find((v) => v.version === version);
  if (found) return found;
  validateVersionName(version);
  const known = component.versions.slice(0, 5).map((v) => v.version);
  throw new EdgitError(
    `${component.id} has no version ${version}.`,
    'unknown-version',
    known.length ? `Known versions: ${known.join(', ')}${component.versions.length > 5 ? ', …' : ''}.` : 'Create it first.',
  );
}

/** Plans `component · environment → version`, validating every name before it can reach git. */
export function planEnvironmentMove(
  snapshot: RepositorySnapshot,
  componentTyped: string,
  environment: string,
  version: string,
): EnvironmentMove {
  validateEnvironmentName(environment);
  const component = snapshot.find(componentTyped);
  if (component.legacy) {
    throw new EdgitError(
      `${component.key} uses a legacy tag layout, which this tool reads but never writes.`,
      'invalid-name',
      `Migrate it to components/<type>/<name>/<slot> tags with the Edgit CLI first.`,
    );
  }
  const target = findVersion(component, version);
  const current = component.environments.find((e) => e.name === environment);
  // On a case-insensitive file system `Production` and `production` are one ref file: never create a second spelling.
  const lower = environment.toLowerCase();
  const twin = [...component.environments.map((e) => e.name), ...component.versions.map((v) => v.version)].find(
    (slot) => slot !== environment && slot.toLowerCase() === lower,
  );
  if (twin) {
    throw new EdgitError(
      `${component.id} already has "${twin}", which differs from "${environment}" only in case.`,
      'invalid-name',
      `Use "${twin}".`,
    );
  }
  if (!current) validateNewEnvironmentName(environment);
  const tag = formatTag(component.key, environment);
  assertWritableTag(tag);
  return {
    componentKey: component.key,
    componentId: component.id,
    componentName: component.name,
    environment,
    tag,
    fromObject: current?.objectName ?? null,
    from: current ? pointerOfEnvironment(current) : null,
    to: pointerOfVersion(target),
  };
}

/** The moves that undo a batch: each pointer back where it was (deleted where it did not exist). */
export function inverseMoves(batch: PreparedBatch): EnvironmentMove[] {
  return batch.moves.map((m, i) => ({
    ...m,
    fromObject: batch.updates[i].newValue,
    from: m.to,
    to: m.from,
  }));
}

export function newBatchId(): string {
  return randomBytes(6).toString('hex');
}

function tagMessage(move: EnvironmentMove, action: MoveAction, reason: string | null, batchId: string): string {
  // First line exactly as the Edgit CLI writes it; the rest is for people reading `git show`.
  const lines = [`Set ${move.componentName} to ${move.environment}`, '', `${describeMove(move)} (${action}, batch ${batchId})`];
  if (move.to?.version) lines.push(`Reference: ${formatReference(move.componentId, move.to.version)}`);
  if (reason) lines.push(`Reason: ${reason.replace(/\s+/g, ' ').trim()}`);
  return lines.join('\n');
}

/**
 * Writes the new env tag objects of a batch (annotated, pointing at the version tag object as
 * the CLI does) and returns the ref updates, each with the value it must replace. No ref changes.
 */
export async function prepareBatch(
  git: Git,
  moves: readonly EnvironmentMove[],
  options: { action: MoveAction; reason?: string | null; batchId?: string },
): Promise<PreparedBatch> {
  if (!moves.length) throw new EdgitError('Nothing to move.', 'bad-input');
  const seen = new Set<string>();
  for (const m of moves) {
    if (seen.has(m.tag)) throw new EdgitError(`${m.componentId} · ${m.environment} appears twice in one batch.`, 'bad-input');
    seen.add(m.tag);
    const parsed = assertWritableTag(m.tag);
    if (parsed.slotKind !== 'environment') {
      throw new EdgitError(`Refusing to move ${m.tag}: version tags are immutable.`, 'invalid-name');
    }
  }
  const batchId = options.batchId ?? newBatchId();
  const reason = options.reason?.trim() || null;
  const ident = await committerIdent(git);
  const updates: RefUpdate[] = [];
  for (const m of moves) {
    let newValue: string | null = null;
    if (m.to && m.restoreObject) {
      if (!isObjectId(m.restoreObject)) throw new EdgitError(`Cannot restore ${m.tag}: "${m.restoreObject}" is not an object id.`, 'bad-input');
      newValue = m.restoreObject;
    } else if (m.to) {
      newValue = await writeTagObject(
        git,
        { object: m.to.target, type: m.to.targetType, tagName: m.tag, message: tagMessage(m, options.action, reason, batchId) },
        ident,
      );
    }
    updates.push({ ref: `refs/tags/${m.tag}`, oldValue: m.fromObject, newValue });
  }
  return { batchId, action: options.action, reason, moves, updates };
}
