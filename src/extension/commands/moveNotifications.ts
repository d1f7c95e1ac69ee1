import * as vscode from 'vscode';
import { ExecutedBatch, PushRefusedError, TagPushPlan, describeMove } from '../../engine';
import { EdgitRepository } from '../services';
import { COMMAND } from './commandIds';
import { MoveWords, movesCounted } from './confirmMoves';
import { NextRolloutStep } from './gradualRollback';
import { markedName, notificationLine } from '../untrustedLabels';
import { pushedWords } from './tagPushChoice';

/**
 * The result of a move, with Undo, Push when it stayed local, and the gradual rollback's next step
 * when there is one. Not awaited: the command has returned. `pushed`: how the push went (in
 * groups: how many pushes; one push over the tag-event limit: the deploy must be started by hand).
 */
export function notifyMoved(
  repository: EdgitRepository,
  words: MoveWords,
  executed: ExecutedBatch,
  remote: string | null,
  next?: NextRolloutStep | null,
  pushed?: TagPushPlan | null,
): void {
  const moves = executed.batch.moves;
  const environments = new Set(moves.map((m) => m.environment));
  // `Rolled back 2 components in production (prompts/extraction v1.1.0 → v1.0.0; …)`: what moved, counted as people count it.
  const what =
    moves.length === 1
      ? describeMove(moves[0])
      : environments.size === 1
        ? `${movesCounted(moves)} (${moves.map((m) => describeMove(m).replace(` · ${m.environment}:`, '')).join('; ')})`
        : `${moves.length} environments (${moves.map(describeMove).join('; ')})`;
  const where = executed.pushedTo ? pushedWords(pushed ?? null, executed.pushedTo) : remote ? ' Local only: not pushed yet.' : '';
  const nextLabel = next ? `Roll Back ${markedName(next.environment)} Too` : undefined;
  const nextLine = next ? ` Next step: ${next.environment} (at ${next.from ?? 'no version'}) to ${next.version}.` : '';
  const actions = ['Undo', ...(!executed.pushedTo && remote ? ['Push'] : []), ...(nextLabel ? [nextLabel] : [])];
  void vscode.window.showInformationMessage(notificationLine(`${words.past} ${what}.${where}${nextLine}`), ...actions).then((choice) => {
    if (next && choice === nextLabel) {
      // Pickers are skipped (everything is given); the move is still checked and confirmed in a modal.
      void vscode.commands.executeCommand(COMMAND.rollback, { repositoryRoot: repository.root, componentKey: next.componentKey, environment: next.environment, version: next.version });
    } else if (choice === 'Undo') {
      void vscode.commands.executeCommand(COMMAND.undo, { repositoryRoot: repository.root, batchId: executed.batch.batchId });
    } else if (choice === 'Push') {
      void vscode.commands.executeCommand(COMMAND.pushEnvironmentTags, { repositoryRoot: repository.root });
    }
  });
}

/**
 * A push the remote refused: nothing changed there nor here. Explains it and offers to fetch the
 * teammates' moves and try again (`retry` re-plans against the fetched tags and confirms anew).
 */
export function notifyPushRefused(repository: EdgitRepository, error: PushRefusedError, retry: () => Promise<unknown>): void {
  const message = `${error.userMessage} Your local tags were not changed either.`;
  void vscode.window.showErrorMessage(notificationLine(message), 'Fetch and Retry').then(async (choice) => {
    if (choice !== 'Fetch and Retry') return;
    // Quiet: the retry's confirmation shows the moves as the fetch left them; one toast fewer keeps
    // the result notification within VS Code's few-per-moment limit.
    const fetched = await vscode.commands.executeCommand<{ status: string }>(COMMAND.fetchEnvironmentTags, { repositoryRoot: repository.root, quiet: true });
    if (fetched?.status === 'done') await retry();
  });
}
