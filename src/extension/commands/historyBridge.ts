import { BadMarks, BatchCompanion, EnvironmentMove, EventDraft, RemoteRefUpdate, RepositorySnapshot, RollbackPlan } from '../../engine';
import { EdgitRepository } from '../services';

/** The last recorded batch of a repository, as the moves that would undo it now. */
export interface UndoableBatch {
  readonly batchId: string;
  /** Pointers back where they were; each expects the value the batch left (compare-and-swap). */
  readonly inverse: readonly EnvironmentMove[];
  /** Whether the batch reached a remote (its undo is then pushed too by default). */
  readonly pushed: boolean;
  /** Who made it and when, for the confirmation. */
  readonly by: string | null;
  readonly at: string | null;
}

/**
 * What commands use of the deployment history (src/engine/history): recording each batch,
 * suggesting the last known good version, and finding the last change to undo. Every method
 * answers "nothing known" when no history is available.
 */
export interface HistoryBridge {
  /**
   * Records every batch in the history, in the same ref transaction and the same atomic push;
   * `marks` (bad marks, e.g. of the version a rollback leaves) go into the batch's own history commit.
   * `observe: false`: moves made outside are not looked for (a later push of a push in groups: the
   * first one recorded them).
   */
  companion(repository: EdgitRepository, marks?: readonly EventDraft[], options?: { readonly observe?: boolean }): BatchCompanion | undefined;
  /**
   * The rollback plan with the history's answer: the newest version the environment held before
   * (recorded or observed, computed without writing) that is lower and not marked bad, else the
   * highest release below; every candidate with its bad mark.
   */
  rollbackPlan(repository: EdgitRepository, componentKey: string, environment: string): Promise<RollbackPlan>;
  /** The bad marks in force in the repository's history (none without a history). */
  marks(repository: EdgitRepository): Promise<BadMarks>;
  /** The last batch recorded in the history, ready to undo; undefined when the history has none. */
  lastBatch(repository: EdgitRepository, snapshot: RepositorySnapshot): Promise<UndoableBatch | undefined>;
  /** Extra refspecs a fetch of environment tags brings along (the remote's history). */
  fetchRefspecs(remote: string): readonly string[];
  /** After such a fetch: joins the fetched history into the local one. */
  afterFetch(repository: EdgitRepository, remote: string): Promise<void>;
  /**
   * Before pushing pending moves: the history ref update that travels in the same atomic push
   * (`extra`), and what to do locally once it landed.
   */
  preparePush(repository: EdgitRepository, remote: string): Promise<{ readonly extra: readonly RemoteRefUpdate[]; complete(): Promise<void> }>;
}
