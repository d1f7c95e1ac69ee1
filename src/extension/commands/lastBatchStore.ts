import * as vscode from 'vscode';
import { ExecutedBatch, PreparedBatch } from '../../engine';

export interface StoredBatch {
  readonly batch: PreparedBatch;
  readonly pushedTo: string | null;
  /** When it was applied, ms since the epoch. */
  readonly at: number;
}

const KEY = 'edgit.lastBatch';

/** The last batch applied from this workspace, per repository root, kept in workspaceState (survives reloads). */
export class LastBatchStore {
  constructor(private readonly memento: vscode.Memento) {}

  get(root: string): StoredBatch | undefined {
    return this.all()[root];
  }

  async remember(root: string, executed: ExecutedBatch): Promise<void> {
    // PreparedBatch is plain data: it round-trips through JSON unchanged.
    const stored: StoredBatch = { batch: executed.batch, pushedTo: executed.pushedTo, at: Date.now() };
    await this.memento.update(KEY, { ...this.all(), [root]: stored });
  }

  private all(): Record<string, StoredBatch> {
    return this.memento.get<Record<string, StoredBatch>>(KEY) ?? {};
  }
}
