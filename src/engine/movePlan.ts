import { ComponentFiles, isSafeRelativePath } from './componentFiles';
import { EnvironmentMove, describeMove } from './environmentMoves';
import { Git } from './git';
import { EventDraft } from './history/historyEvents';
import { CheckContext, MoveDirection, SafetyCheck, SafetyCheckId, blockingChecks, checkMove, moveDirection } from './rollbackPlan';
import { ComponentInfo } from './snapshot';

/**
 * A plan before the moves: every tag from → to, the safety checks, and per component the change
 * of its file between the two versions. Computed without writing anything (no tag object, no
 * ref, no history commit), for `--dry-run` and for a front end's preview.
 */

/** How a component's file changes with a move (numbers from `git diff --numstat`). */
export interface ContentChange {
  /** The file at the current position and at the target (null where there is none). */
  readonly fromPath: string | null;
  readonly toPath: string | null;
  /** Lines added and removed; null when binary or unknown. */
  readonly added: number | null;
  readonly removed: number | null;
  readonly binary: boolean;
  /** Why the numbers are missing, in words. */
  readonly note?: string;
}

interface PointerPreview {
  readonly version: string | null;
  readonly commit: string | null;
  /** The object the env tag names now (from only; a move writes a new tag object). */
  readonly object?: string | null;
}

interface MovePreview {
  readonly component: string;
  readonly key: string;
  readonly environment: string;
  readonly tag: string;
  readonly from: PointerPreview | null;
  readonly to: PointerPreview | null;
  /** `prompts/analysis · production: v2.0.0 → v1.9.0` */
  readonly summary: string;
  readonly direction: MoveDirection;
  readonly content: ContentChange;
}

interface MoveChecks {
  readonly component: string;
  readonly environment: string;
  readonly tag: string;
  readonly checks: readonly SafetyCheck[];
}

/** A mark or unmark a plan would write with the batch. */
interface MarkPreview {
  readonly component: string;
  readonly key: string;
  readonly version: string;
  readonly action: string;
  readonly reason: string | null;
}

export interface MovePlan {
  readonly moves: readonly MovePreview[];
  readonly checks: readonly MoveChecks[];
  readonly marks: readonly MarkPreview[];
  /** The failing checks not overridden: non-empty means the batch would be refused. */
  readonly refused: readonly SafetyCheck[];
  /** Moves to protected environments, which need an explicit confirmation. */
  readonly needsConfirmation: readonly string[];
}

/** The safety checks and content change of every move, and what would refuse them. Writes nothing. */
export async function planMoves(
  ctx: CheckContext,
  git: Git,
  moves: readonly EnvironmentMove[],
  options: { overrides?: ReadonlySet<SafetyCheckId>; driftOf?: (move: EnvironmentMove) => CheckContext['drift']; marks?: readonly EventDraft[] } = {},
): Promise<MovePlan> {
  const previews: MovePreview[] = [];
  const checks: MoveChecks[] = [];
  for (const move of moves) {
    const component = ctx.snapshot.get(move.componentKey);
    const moveChecks = await checkMove(options.driftOf ? { ...ctx, drift: options.driftOf(move) } : ctx, move);
    checks.push({ component: move.componentId, environment: move.environment, tag: move.tag, checks: moveChecks });
    previews.push({
      component: move.componentId,
      key: move.componentKey,
      environment: move.environment,
      tag: move.tag,
      from: move.from ? { version: move.from.version, commit: move.from.commit, object: move.fromObject } : null,
      to: move.to ? { version: move.to.version, commit: move.to.commit } : null,
      summary: describeMove(move),
      direction: moveDirection(move.from?.version, move.to?.version),
      content: component
        ? await contentChange(git, ctx.files, component, move.from?.commit ?? null, move.to?.commit ?? null)
        : { fromPath: null, toPath: null, added: null, removed: null, binary: false, note: 'unknown component' },
    });
  }
  const all = checks.flatMap((c) => c.checks);
  return {
    moves: previews,
    checks,
    marks: (options.marks ?? []).map((d) => ({ component: d.componentId, key: d.componentKey, version: d.toVersion ?? '', action: d.action, reason: d.reason })),
    refused: blockingChecks(all, options.overrides ?? new Set()),
    needsConfirmation: [...new Set(moves.filter((m) => ctx.protectedEnvironments.includes(m.environment)).map((m) => m.environment))],
  };
}

/** The change of a component's file between two commits (either may be null: nothing there). */
export async function contentChange(git: Git, files: ComponentFiles, component: ComponentInfo, from: string | null, to: string | null): Promise<ContentChange> {
  const side = async (commit: string | null) => {
    if (!commit) return { path: null, bytes: undefined };
    const content = await files.contentAt(component, commit);
    return content.found ? { path: content.path, bytes: content.bytes } : { path: null, bytes: undefined };
  };
  const [a, b] = await Promise.all([side(from), side(to)]);
  if (!a.bytes && !b.bytes) return { fromPath: a.path, toPath: b.path, added: null, removed: null, binary: false, note: 'no file on either side' };
  if (!a.bytes || !b.bytes) {
    const bytes = (a.bytes ?? b.bytes) as Buffer;
    if (bytes.includes(0)) return { fromPath: a.path, toPath: b.path, added: null, removed: null, binary: true };
    const lines = countLines(bytes);
    return a.bytes
      ? { fromPath: a.path, toPath: null, added: 0, removed: lines, binary: false, note: 'the target has no file' }
      : { fromPath: null, toPath: b.path, added: lines, removed: 0, binary: false };
  }
  if (!isSafeRelativePath(a.path ?? '') || !isSafeRelativePath(b.path ?? '')) {
    return { fromPath: a.path, toPath: b.path, added: null, removed: null, binary: false, note: 'unsafe path' };
  }
  const out = await git.text(['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--numstat', '--end-of-options', `${from}:${a.path}`, `${to}:${b.path}`]);
  const line = out.split('\n').find(Boolean);
  if (!line) return { fromPath: a.path, toPath: b.path, added: 0, removed: 0, binary: false };
  const [added, removed] = line.split('\t');
  if (added === '-') return { fromPath: a.path, toPath: b.path, added: null, removed: null, binary: true };
  return { fromPath: a.path, toPath: b.path, added: Number(added), removed: Number(removed), binary: false };
}

function countLines(bytes: Buffer): number {
  if (!bytes.length) return 0;
  let n = 0;
  for (const b of bytes) if (b === 10) n++;
  return bytes[bytes.length - 1] === 10 ? n : n + 1;
}

/** `+3 −5 components/prompts/analysis.md`, or why there are no numbers. */
export function describeContentChange(c: ContentChange): string {
  const path = c.fromPath && c.toPath && c.fromPath !== c.toPath ? `${c.fromPath} → ${c.toPath}` : (c.toPath ?? c.fromPath ?? '(no file)');
  if (c.binary) return `${path}: binary, changed`;
  if (c.added === null || c.removed === null) return `${path}: ${c.note ?? 'unknown'}`;
  if (!c.added && !c.removed) return `${path}: no change`;
  return `${path}: +${c.added} −${c.removed} lines${c.note ? ` (${c.note})` : ''}`;
}
