import { EdgitServices } from '../services';
import { HistoryBridge } from './historyBridge';
import { LastBatchStore } from './lastBatchStore';

/** What every command handler is given. */
export interface CommandContext {
  readonly services: EdgitServices;
  /** The last batch moved from this window, per repository (undo when there is no deployment history). */
  readonly lastBatches: LastBatchStore;
  readonly history: HistoryBridge;
}
