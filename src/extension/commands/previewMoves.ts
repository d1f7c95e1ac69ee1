import * as vscode from 'vscode';
import * as path from 'node:path';
import { EnvironmentMove, MovePinsLeftBehind, PointerState, RepositorySnapshot, contentChange, describeContentChange } from '../../engine';
import { MultiDiffEntry, documentUri, fromEdgitUri, openMultiDiff, relabel, relativePathOf, toEdgitUri } from '../documents';
import { EdgitRepository } from '../services';

interface PreviewEntry {
  readonly componentId: string;
  readonly environment: string;
  readonly from: string;
  readonly to: string;
  /** The `edgit:` URIs of both sides (undefined: that side does not exist). */
  readonly left: string | undefined;
  readonly right: string | undefined;
}

export interface PreviewOutcome {
  readonly opened: 'changes' | 'diff' | 'nothing';
  readonly title: string;
  readonly entries: readonly PreviewEntry[];
}

const position = (p: PointerState | null) => (p ? (p.version ?? (p.commit ? p.commit.slice(0, 10) : 'nothing')) : 'nothing');

/**
 * "Preview Changes" of a confirmation: the content of every component a batch moves, as its
 * environment holds it now against what it would hold after, in one multi-file diff editor.
 */
export async function previewMoves(
  repository: EdgitRepository,
  snapshot: RepositorySnapshot,
  moves: readonly EnvironmentMove[],
  pinned: readonly MovePinsLeftBehind[] = [],
): Promise<PreviewOutcome> {
  const entries: PreviewEntry[] = [];
  const triples: MultiDiffEntry[] = [];
  for (const move of moves) {
    const component = snapshot.get(move.componentKey);
    if (!component) continue;
    const from = position(move.from);
    const to = position(move.to);
    const side = async (p: PointerState | null, label: string) =>
      p?.commit ? relabel(await documentUri(repository, component, { kind: 'commit', ref: p.commit }), label) : undefined;
    const left = await side(move.from, `${move.environment} now · ${from}`);
    const right = await side(move.to, `${move.environment} after · ${to}`);
    const shown = right ?? left;
    if (!shown) continue;
    const name = fromEdgitUri(shown)!;
    const labelUri = toEdgitUri({ ...name, kind: 'environment', ref: move.environment, label: `${move.environment}: ${from} → ${to}` }, relativePathOf(shown, name.repo));
    triples.push([labelUri, left, right]);
    entries.push({ componentId: move.componentId, environment: move.environment, from, to, left: left?.toString(), right: right?.toString() });
  }
  // The files pinning what the moves leave: listed unchanged, so the preview shows what the moves do not reach.
  for (const file of new Set(pinned.flatMap((p) => p.sites.map((s) => s.file)))) {
    const uri = vscode.Uri.file(path.join(repository.root, ...file.split('/')));
    triples.push([uri, uri, uri]);
  }
  const title = `Edgit: preview of ${moves.length === 1 ? `${moves[0].componentId} · ${moves[0].environment}` : `${moves.length} moves`}`;
  if (!triples.length) {
    void vscode.window.showInformationMessage('Nothing to preview: no moved component has a file on either side.');
    return { opened: 'nothing', title, entries };
  }
  return { opened: await openMultiDiff(title, triples), title, entries };
}

/** The file changes a confirmation lists at most (then "and N more"). */
const CHANGE_LINES = 6;

/**
 * One line per moved component saying how its file changes (`components/prompts/analysis.md:
 * +3 −5 lines`, one `git diff --numstat` each), for the confirmation: the size of the change is
 * known before any answer. A component whose file cannot be read says so instead.
 */
export async function changeLines(repository: EdgitRepository, snapshot: RepositorySnapshot, moves: readonly EnvironmentMove[]): Promise<string[]> {
  const shown = moves.slice(0, CHANGE_LINES);
  const lines = await Promise.all(
    shown.map(async (move) => {
      const component = snapshot.get(move.componentKey);
      if (!component) return `${move.componentId}: unknown component`;
      const change = await contentChange(repository.git, repository.files, component, move.from?.commit ?? null, move.to?.commit ?? null).catch(() => undefined);
      return change ? describeContentChange(change) : `${move.componentId}: its file could not be read`;
    }),
  );
  if (moves.length > shown.length) lines.push(`and ${moves.length - shown.length} more`);
  return lines;
}
