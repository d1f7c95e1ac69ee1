import { EnvironmentMove, MovePinsLeftBehind, RepositorySnapshot, pinsLeftBehind } from '../../engine';
import { EdgitRepository } from '../services';
import { WorkspaceRepository } from '../workspaceRepository';

/**
 * The references in ensembles and agents that a batch leaves pinned to the versions it moves
 * away from (`prompts/analysis@v2.0.0` while production rolls back to v1.9.0): what the
 * confirmation lists and the preview can show. None when the repository's references cannot be read.
 */
export async function pinsOfMoves(repository: EdgitRepository, snapshot: RepositorySnapshot, moves: readonly EnvironmentMove[]): Promise<MovePinsLeftBehind[]> {
  if (!(repository instanceof WorkspaceRepository)) return [];
  const index = await repository.references().catch(() => undefined);
  return index ? pinsLeftBehind(moves, index, snapshot) : [];
}
