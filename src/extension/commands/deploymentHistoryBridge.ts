import {
  EnvironmentMove,
  HistoryEvent,
  PointerState,
  RepositorySnapshot,
  compareEvents,
  completeHistoryPush,
  formatTag,
  historyCompanion,
  historyFetchRefspec,
  receiptsFetchRefspec,
  integrateRemoteHistory,
  pointerOfVersion,
  planRollbackFromHistory,
  peelToCommits,
  prepareHistoryPush,
} from '../../engine';
import { TagHeader, readTagHeaders } from '../../engine/tagHeaders';
import { Git } from '../../engine/git';
import { EdgitRepository, EdgitServices, historyOrEmpty } from '../services';
import { HistoryBridge, UndoableBatch } from './historyBridge';
import { LastBatchStore } from './lastBatchStore';

/**
 * The commands' view of the deployment history (src/engine/history, refs/edgit/history): every
 * batch is recorded by the engine's history companion; rollbacks suggest the version the
 * environment held before; undo reverts the last recorded batch; fetch and push carry the history.
 */
export function deploymentHistoryBridge(services: EdgitServices, lastBatches: LastBatchStore): HistoryBridge {
  return {
    companion: (_repository, marks, options) => historyCompanion({ ...(marks?.length ? { marks } : {}), ...(options?.observe === false ? { observe: false } : {}) }),

    async rollbackPlan(repository, componentKey, environment) {
      const [history, snapshot] = await Promise.all([historyOrEmpty(repository), repository.snapshot()]);
      return planRollbackFromHistory(repository.git, snapshot, history, componentKey, environment);
    },

    async marks(repository) {
      return repository.badMarks();
    },

    async lastBatch(repository, snapshot) {
      const history = await historyOrEmpty(repository);
      const recorded = history.events.filter((e) => e.kind === 'recorded');
      if (!recorded.length) return undefined;
      const last = recorded.reduce((a, b) => (compareEvents(a, b) >= 0 ? a : b));
      const events = recorded.filter((e) => e.batch === last.batch);
      const pushed = await wasPushed(repository, events, lastBatches);
      const inverse = events.map((e) => inverseOf(e, snapshot));
      return {
        batchId: last.batch,
        // A batch that stayed local is undone with the tag objects it replaced (the tags are then
        // the same as the remote's again); a pushed one with new tag objects that record the undo.
        inverse: await withRestorableObjects(repository.git, inverse, !pushed),
        pushed,
        by: last.by ?? last.recordedBy,
        at: last.at,
      } satisfies UndoableBatch;
    },

    fetchRefspecs: (remote) => [historyFetchRefspec(remote), receiptsFetchRefspec(remote)],

    async afterFetch(repository, remote) {
      const sync = await integrateRemoteHistory(repository.git, remote);
      services.log.info(`Deployment history from ${remote}: ${sync.status}`);
    },

    async preparePush(repository, remote) {
      const push = await prepareHistoryPush(repository.git, remote);
      if (!push) return { extra: [], complete: async () => undefined };
      return { extra: [push.remote], complete: () => completeHistoryPush(repository.git, push) };
    },
  };
}

/** The move that puts one recorded event's environment back where it was before (deleting it when it did not exist), with the object it had then. */
function inverseOf(e: HistoryEvent, snapshot: RepositorySnapshot): EnvironmentMove & { previousObject: string | null } {
  const component = snapshot.get(e.componentKey);
  const now: PointerState | null = e.toCommit
    ? { version: e.toVersion, commit: e.toCommit, target: e.toObject ?? e.toCommit, targetType: 'tag' }
    : null;
  let before: PointerState | null = null;
  if (e.fromCommit) {
    const version = component?.versions.find((v) => v.version === e.fromVersion && v.commit === e.fromCommit);
    // Without a local version tag at that commit, name the commit only: the history is shared text and its version label is not proof.
    before = version ? pointerOfVersion(version) : { version: null, commit: e.fromCommit, target: e.fromCommit, targetType: 'commit' };
  }
  return {
    componentKey: e.componentKey,
    componentId: e.componentId,
    componentName: component?.name ?? e.componentKey.split('/').pop() ?? e.componentKey,
    environment: e.environment,
    tag: formatTag(e.componentKey, e.environment),
    fromObject: e.toObject,
    from: now,
    to: before,
    previousObject: e.fromObject,
  };
}

/**
 * With `restore` (a batch that stayed local), each inverse move puts back the very tag object the
 * environment had before the batch when git has it and it is what the history says (the same
 * commit; a tag object created for that tag, or the commit of a lightweight tag): the tag is then
 * equal to the remote's again. Otherwise (pushed, not fetched, or not what it claims) a new tag
 * object is written, which records the undo.
 */
async function withRestorableObjects(git: Git, inverse: readonly (EnvironmentMove & { previousObject: string | null })[], restore: boolean): Promise<EnvironmentMove[]> {
  const wanted = restore ? inverse.filter((m) => m.to?.commit && m.previousObject).map((m) => m.previousObject as string) : [];
  const [commits, headers] = wanted.length
    ? await Promise.all([peelToCommits(git, wanted).catch(() => new Map<string, string>()), readTagHeaders(git, wanted).catch(() => new Map<string, TagHeader>())])
    : [new Map<string, string>(), new Map<string, TagHeader>()];
  return inverse.map(({ previousObject, ...m }) => {
    if (!restore || !previousObject || !m.to?.commit || commits.get(previousObject) !== m.to.commit) return m;
    const header = headers.get(previousObject);
    const exact = header ? header.tagName === m.tag : previousObject === m.to.commit;
    return exact ? { ...m, restoreObject: previousObject } : m;
  });
}

/** Whether a batch reached the remote: remembered here, else every tag it wrote is in sync with the remote. */
async function wasPushed(repository: EdgitRepository, events: readonly HistoryEvent[], lastBatches: LastBatchStore): Promise<boolean> {
  const stored = lastBatches.get(repository.root);
  if (stored?.batch.batchId === events[0]?.batch) return !!stored.pushedTo;
  const drift = await repository.drift().catch(() => undefined);
  if (!drift) return false;
  return events.every((e) => drift.get(formatTag(e.componentKey, e.environment)) === 'in-sync');
}
