import { moveDirection } from '../rollbackPlan';
import { RepositorySnapshot } from '../snapshot';
import { ReferenceIndex, ReferenceSite } from './referenceIndex';

/**
 * The references a planned environment move leaves where they are: version pins
 * (`prompts/analysis@v2.0.0`) of what the environment serves now. Moving production of
 * prompts/analysis from v2.0.0 to v1.9.0 changes every `@production` reference, and none of the
 * `@v2.0.0` ones: an ensemble pinned to the bad version still loads it after the rollback.
 */

/** What this needs of a move: `EnvironmentMove` (environmentMoves.ts) and a plan's moves have it. */
export interface PlannedMove {
  readonly componentKey: string;
  readonly componentId: string;
  readonly environment: string;
  readonly from: { readonly version: string | null; readonly commit: string | null } | null;
  readonly to: { readonly version: string | null; readonly commit: string | null } | null;
}

/** The pins one move leaves behind. */
export interface MovePinsLeftBehind {
  readonly componentId: string;
  readonly componentKey: string;
  readonly environment: string;
  /** The version the environment leaves (the one these references pin, or one at the same commit). */
  readonly fromVersion: string | null;
  readonly toVersion: string | null;
  /** The pinning references, by file and position. */
  readonly sites: readonly ReferenceSite[];
  /** How many files hold them. */
  readonly files: number;
  /** `2 ensembles pin v2.0.0 directly: a rollback of production does not change them.` */
  readonly sentence: string;
}

/**
 * For each move, the references that pin a version whose content the environment serves now and
 * will stop serving: the version it leaves, and any other version of the component tagged on the
 * same commit (the snapshot says which), unless the move goes to that very commit. Moves that leave
 * nothing pinned behind are left out; the order is the moves'. A move from no version (a commit
 * without one, a new environment) can only leave pins to versions on that commit.
 *
 * Front ends show these with a move's confirmation or plan (the CLI's `rollback`, `batch` and `set`
 * print them with file:line and give them as `pinsLeftBehind` in --json): the person rolling back a
 * bad version sees which ensembles will still load it.
 */
export function pinsLeftBehind(moves: readonly PlannedMove[], index: ReferenceIndex, snapshot: RepositorySnapshot): MovePinsLeftBehind[] {
  const out: MovePinsLeftBehind[] = [];
  for (const move of moves) {
    const left = leftVersions(move, snapshot);
    if (!left.size) continue;
    const sites = index
      .references()
      .filter((s) => s.reference.componentKey === move.componentKey && s.reference.slotKind === 'version' && left.has(s.reference.slot));
    if (!sites.length) continue;
    const files = new Set(sites.map((s) => s.file)).size;
    out.push({
      componentId: move.componentId,
      componentKey: move.componentKey,
      environment: move.environment,
      fromVersion: move.from?.version ?? null,
      toVersion: move.to?.version ?? null,
      sites,
      files,
      sentence: pinSentence(move, sites),
    });
  }
  return out;
}

/** The versions whose content a move stops serving. */
function leftVersions(move: PlannedMove, snapshot: RepositorySnapshot): Set<string> {
  const from = move.from;
  const left = new Set<string>();
  if (!from) return left;
  const toCommit = move.to?.commit ?? null;
  if (from.version && from.version !== move.to?.version && (from.commit === null || from.commit !== toCommit)) left.add(from.version);
  if (from.commit && from.commit !== toCommit) {
    const component = snapshot.get(move.componentKey);
    for (const v of component?.versions ?? []) if (v.commit === from.commit && v.version !== move.to?.version) left.add(v.version);
  }
  return left;
}

/** What holds a reference, by its folder: an agent (`agents/`), an ensemble (`ensembles/`), else a file. */
function holderKind(file: string): 'agent' | 'ensemble' | 'file' {
  const parts = file.split('/');
  if (parts.includes('agents')) return 'agent';
  if (parts.includes('ensembles')) return 'ensemble';
  return 'file';
}

/** `2 ensembles pin v2.0.0 directly: a rollback of production does not change them.` (references counted when a file holds several). */
function pinSentence(move: PlannedMove, sites: readonly ReferenceSite[]): string {
  const byFile = new Map<string, number>();
  for (const s of sites) byFile.set(s.file, (byFile.get(s.file) ?? 0) + 1);
  const kinds = new Map<string, number>();
  for (const file of byFile.keys()) kinds.set(holderKind(file), (kinds.get(holderKind(file)) ?? 0) + 1);
  const holders = [...kinds].map(([kind, n]) => `${n} ${kind}${n === 1 ? '' : 's'}`).join(' and ');
  const one = byFile.size === 1;
  const versions = [...new Set(sites.map((s) => s.reference.slot))].join(', ');
  const refs = sites.length > byFile.size ? ` (${sites.length} references)` : '';
  const direction = moveDirection(move.from?.version, move.to?.version);
  const action = direction === 'rollback' ? 'a rollback' : direction === 'deploy' ? 'a deploy' : 'a move';
  return `${holders}${refs} pin${one ? 's' : ''} ${versions} directly: ${action} of ${move.environment} does not change ${one && sites.length === 1 ? 'it' : 'them'}.`;
}
