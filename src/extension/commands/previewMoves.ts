import * as vscode from 'vscode';
import { EnvironmentMove, PointerState, RepositorySnapshot } from '../../engine';
import { MultiDiffEntry, documentUri, fromEdgitUri, openMultiDiff, relabel, relativePathOf, toEdgitUri } from '../documents';
import { EdgitRepository } from '../services';

export interface PreviewEntry {
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
export async function previewMoves(repository: EdgitRepository, snapshot: RepositorySnapshot, moves: readonly EnvironmentMove[]): Promise<PreviewOutcome> {
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
  const title = `Edgit: preview of ${moves.length === 1 ? `${moves[0].componentId} · ${moves[0].environment}` : `${moves.length} moves`}`;
  if (!triples.length) {
    void vscode.window.showInformationMessage('Nothing to preview: no moved component has a file on either side.');
    return { opened: 'nothing', title, entries };
  }
  return { opened: await openMultiDiff(title, triples), title, entries };
}
