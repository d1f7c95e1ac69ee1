import { Git } from '../git';
import { EdgitError } from '../errors';
import { gitErrorDetail } from '../gitMessages';
import { ReadProblem, historyCommitPlace } from '../readProblems';
import { isObjectId, parseObject, readObjects } from '../gitObjects';
import { applyRefUpdates, readRefs } from '../refTransaction';
import { readHistoryCache, writeHistoryCache } from '../cache/historyCache';
import { EVENT_PREFIX, EventDraft, HistoryEvent, createInterner, formatHistoryMessage, parseEventLines } from './historyEvents';

const EVENT_MARKER = Buffer.from(EVENT_PREFIX, 'utf8');

/** The deployment history: commits with the empty tree, never a tag (CI deploys tags) nor a file. */
export const HISTORY_REF = 'refs/edgit/history';

/** Where a fetch puts a remote's history before it is merged into ours. */
export function remoteHistoryRef(remote: string): string {
  return `refs/edgit/remotes/${remote}/history`;
}

/**
 * The fetch refspec of a remote's history. A pattern (`history*`), so that a remote without any
 * history is not an error for the fetch it is part of.
 */
export function historyFetchRefspec(remote: string): string {
  return `+${HISTORY_REF}*:${remoteHistoryRef(remote)}*`;
}

/**
 * The git argv that lists the history commits reachable from `tips` and not from `exclude`,
 * children first (ids only: their content is read length-prefixed, see readHistoryCommits).
 */
function historyRevListArgs(tips: readonly string[], exclude: readonly string[]): string[] {
  return ['rev-list', '--topo-order', ...tips, ...(exclude.length ? ['--not', ...exclude] : []), '--'];
}

/** A history commit as read: who wrote it when, and its message's bytes. */
export interface HistoryCommitRecord {
  readonly commit: string;
  readonly body: Buffer;
}

/**
 * The history commits reachable from `tips` and not from `exclude`, parents first: their ids from
 * `git rev-list` (hex only) and their content from one `git cat-file --batch`, length-prefixed, so
 * no commit message can break the framing. Ids that are not object ids never reach git.
 */
export async function readHistoryCommits(git: Git, tips: readonly string[], exclude: readonly string[] = []): Promise<HistoryCommitRecord[]> {
  const from = tips.filter(isObjectId);
  if (!from.length) return [];
  const ids = (await git.text(historyRevListArgs(from, exclude.filter(isObjectId)))).split('\n').filter(isObjectId);
  const objects = await readObjects(git, ids);
  const out: HistoryCommitRecord[] = [];
  for (let i = ids.length - 1; i >= 0; i--) {
    const raw = objects.get(ids[i]);
    if (raw && raw.type === 'commit') out.push({ commit: ids[i], body: raw.body });
  }
  return out;
}

interface EnvTimeline {
  /** Every event read for the environment, contradicted ones included; sorted on demand. */
  readonly events: HistoryEvent[];
  sorted: boolean;
  /** The events without the contradicted ones (when there are any), computed on demand. */
  trusted?: HistoryEvent[];
  /** visibleTimeline(trusted), computed on demand. */
  visible?: HistoryEvent[];
  /** The tag objects its trusted events name (to or from), computed on demand. */
  objects?: ReadonlySet<string>;
}

/**
 * Every event of the history, indexed per component and environment in time order
 * (ties broken by load order, parents before children), for binary searches by moment.
 */
export class DeploymentHistory {
  private readonly byKey = new Map<string, Map<string, EnvTimeline>>();
  private nextSeq = 0;

  constructor(
    /** The commits this history was read from (the ref's value; empty when there is no history). */
    private _tips: readonly string[] = [],
  ) {}

  get tips(): readonly string[] {
    return this._tips;
  }

  /** The single tip when there is one (what a compare-and-swap on the ref expects), else null. */
  get head(): string | null {
    return this._tips.length === 1 ? this._tips[0] : null;
  }

  /** How many commits, event lines or events were skipped (see skipped). */
  get problems(): number {
    return this._skipped.length + this._contradicted.size;
  }

  /**
   * What was skipped, and where: commits and event lines that could not be read, and events that
   * contradict git (see setContradicted).
   */
  get skipped(): readonly ReadProblem[] {
    return this._contradicted.size ? [...this._skipped, ...this._contradicted.values()] : this._skipped;
  }

  /** What could not be read (what the history cache keeps: it depends on the commits alone). */
  get unreadable(): readonly ReadProblem[] {
    return this._skipped;
  }

  private _skipped: ReadProblem[] = [];
  private _contradicted = new Map<HistoryEvent, ReadProblem>();

  /** The snapshot and size the contradictions were last computed for (see checkEvents). */
  checkedAgainst: { readonly snapshot: object; readonly size: number } | undefined;

  /**
   * Sets the events that contradict git (what the objects they name say), each with why: they
   * stay in `events` and are left out of every timeline, so no answer rests on them.
   */
  setContradicted(contradicted: ReadonlyMap<HistoryEvent, ReadProblem>): void {
    if (!contradicted.size && !this._contradicted.size) return;
    this._contradicted = new Map(contradicted);
    for (const envs of this.byKey.values()) {
      for (const t of envs.values()) {
        t.trusted = undefined;
        t.visible = undefined;
        t.objects = undefined;
      }
    }
  }

  /** Whether an event was found to contradict git (see setContradicted). */
  isContradicted(e: HistoryEvent): boolean {
    return this._contradicted.has(e);
  }

  /** All events in load order (parents before children), bad marks (kind `mark`) included. */
  readonly events: HistoryEvent[] = [];

  get size(): number {
    return this.events.length;
  }

  /**
   * Adds the events of history commits (readHistoryCommits: parents first). A commit whose
   * committer date a Date cannot hold is skipped with its events and named in `skipped`; an event
   * line that does not parse is skipped and counted. Repeated strings are shared between events.
   */
  ingest(records: readonly HistoryCommitRecord[], tips: readonly string[]): HistoryEvent[] {
    const added: HistoryEvent[] = [];
    const problems = { count: 0 };
    const seq = () => this.nextSeq++;
    const intern = this.intern;
    for (const { commit, body } of records) {
      const parsed = parseObject(body);
      if (body.indexOf(EVENT_MARKER, parsed.messageStart) < 0) continue; // a merge, or no event
      const committer = parsed.committer;
      if (!committer || committer.ms === null) {
        this._skipped.push({ where: historyCommitPlace(commit), what: `committer ${committer?.dateProblem ?? 'missing'}: its events are skipped` });
        continue;
      }
      const before = problems.count;
      parseEventLines(
        body.toString('utf8', parsed.messageStart),
        {
          commit,
          committerMs: committer.ms,
          committerIso: new Date(committer.ms).toISOString(),
          committer: intern(`${committer.name} <${committer.email}>`) as string,
        },
        seq,
        added,
        problems,
        intern,
      );
      if (problems.count > before) this._skipped.push({ where: historyCommitPlace(commit), what: `${problems.count - before} event line(s) unreadable` });
    }
    for (const e of added) this.index(e);
    this.events.push(...added);
    this._tips = tips;
    return added;
  }

  private readonly intern = createInterner();

  /**
   * Adds events that are not written anywhere (observed moves a read-only command shows): parsed
   * exactly as if they had been written now in one history commit, but with no commit
   * (historyCommit ''), and the tips unchanged.
   */
  addUnwritten(drafts: readonly EventDraft[], noticed: { ms: number; by: string }): HistoryEvent[] {
    const added: HistoryEvent[] = [];
    const problems = { count: 0 };
    const committerMs = Math.floor(noticed.ms / 1000) * 1000;
    parseEventLines(
      formatHistoryMessage('unwritten', null, drafts),
      { commit: '', committerMs, committerIso: new Date(committerMs).toISOString(), committer: noticed.by },
      () => this.nextSeq++,
      added,
      problems,
      this.intern,
    );
    for (const e of added) this.index(e);
    this.events.push(...added);
    this.unwritten += added.length;
    return added;
  }

  /** How many events addUnwritten added (they are not in records(): the cache never keeps them). */
  private unwritten = 0;

  /** What the parser produced from the history's commits, in load order: what the history cache keeps. */
  records(): readonly HistoryEvent[] {
    return this.unwritten ? this.events.filter((e) => e.historyCommit !== '') : this.events;
  }

  /**
   * Builds a history from cached records (what records() returned for the same tips).
   * Undefined when a record is not what this version of the parser produces.
   */
  static fromRecords(tips: readonly string[], records: readonly Record<string, unknown>[], skipped: readonly ReadProblem[]): DeploymentHistory | undefined {
    const history = new DeploymentHistory(tips);
    let seq = -1;
    for (const r of records) {
      if (typeof r.componentKey !== 'string' || typeof r.environment !== 'string' || typeof r.atMs !== 'number' || typeof r.seq !== 'number' || r.seq <= seq) {
        return undefined;
      }
      seq = r.seq;
      const e = r as unknown as HistoryEvent;
      history.index(e);
      history.events.push(e);
    }
    history.nextSeq = seq + 1;
    history._skipped = [...skipped];
    return history;
  }

  private index(e: HistoryEvent): void {
    if (e.kind === 'mark') return; // bad marks belong to a version, not to an environment's timeline (see badMarks)
    let envs = this.byKey.get(e.componentKey);
    if (!envs) this.byKey.set(e.componentKey, (envs = new Map<string, EnvTimeline>()));
    let t = envs.get(e.environment);
    if (!t) envs.set(e.environment, (t = { events: [], sorted: true }));
    const last = t.events[t.events.length - 1];
    if (last && compareEvents(last, e) > 0) t.sorted = false;
    t.events.push(e);
    t.trusted = undefined;
    t.visible = undefined;
    t.objects = undefined;
  }

  /** The events of one environment worth showing, oldest first (see visibleTimeline). */
  visibleTimeline(componentKey: string, environment: string): readonly HistoryEvent[] {
    const events = this.timeline(componentKey, environment);
    const t = this.byKey.get(componentKey)?.get(environment);
    if (!t) return events;
    return (t.visible ??= visibleTimeline(events));
  }

  /** The events of one environment of one component, oldest first, without those that contradict git. */
  timeline(componentKey: string, environment: string): readonly HistoryEvent[] {
    const t = this.byKey.get(componentKey)?.get(environment);
    if (!t) return [];
    if (!t.sorted) {
      t.events.sort(compareEvents);
      t.sorted = true;
      t.trusted = undefined;
    }
    if (!this._contradicted.size) return t.events;
    return (t.trusted ??= t.events.filter((e) => !this._contradicted.has(e)));
  }

  /** The tag objects the events of an environment's timeline name, as the position they moved to or from. */
  objectsNamed(componentKey: string, environment: string): ReadonlySet<string> {
    const events = this.timeline(componentKey, environment);
    const t = this.byKey.get(componentKey)?.get(environment);
    if (!t) return new Set();
    if (!t.objects) {
      const objects = new Set<string>();
      for (const e of events) {
        if (e.toObject) objects.add(e.toObject);
        if (e.fromObject) objects.add(e.fromObject);
      }
      t.objects = objects;
    }
    return t.objects;
  }

  /** The last event of an environment (the position the history believes is current). */
  latest(componentKey: string, environment: string): HistoryEvent | undefined {
    const t = this.timeline(componentKey, environment);
    return t[t.length - 1];
  }

  componentKeys(): string[] {
    return [...this.byKey.keys()];
  }

  environmentsOf(componentKey: string): string[] {
    return [...(this.byKey.get(componentKey)?.keys() ?? [])];
  }
}

/**
 * The events worth showing: an observed event is left out when it only repeats what the
 * history already said (same commit as the event before it, or the same tag object as a
 * recorded event — a teammate's move seen before their history arrived). Nothing is deleted.
 */
export function visibleTimeline(timeline: readonly HistoryEvent[]): HistoryEvent[] {
  const recordedObjects = new Set<string>();
  for (const e of timeline) if (e.kind === 'recorded' && e.toObject) recordedObjects.add(e.toObject);
  const out: HistoryEvent[] = [];
  for (const e of timeline) {
    if (e.kind === 'observed') {
      const prev = out[out.length - 1];
      if (prev && prev.toCommit === e.toCommit) continue;
      if (e.toObject && recordedObjects.has(e.toObject)) continue;
    }
    out.push(e);
  }
  return out;
}

/** Time order; equal times keep load order (a child's event after its parent's). */
export function compareEvents(a: HistoryEvent, b: HistoryEvent): number {
  return a.atMs - b.atMs || a.seq - b.seq;
}

/** The current value of the local history ref, or null when there is none. */
export async function readHistoryHead(git: Git, ref: string = HISTORY_REF): Promise<string | null> {
  return (await readRefs(git, [ref])).get(ref) ?? null;
}

/** Histories kept by loadHistory({ reuse: true }), per repository and ref (long-lived hosts such as the extension). */
const reusable = new Map<string, DeploymentHistory>();
const MAX_REUSED = 8;

/**
 * Loads the whole history reachable from `ref` (default refs/edgit/history).
 * From the history cache when it was built from the ref's value; when the ref moved forward
 * since, only the commits added are read (`git log <cached>..<new>`) and the cache is rewritten;
 * otherwise (no cache, a ref that does not descend from it) one `git log` of everything.
 * With `reuse`, a history loaded before in this process for the same repository is brought up to
 * date in place instead (long-lived hosts such as the extension).
 */
export function loadHistory(git: Git, options: LoadHistoryOptions = {}): Promise<DeploymentHistory> {
  if (!options.reuse || options.tips) return loadHistoryNow(git, options);
  // One load at a time per reused history: two callers extending it at once (a tree refresh and
  // a batch's companion) would each add the new commits' events, and every event twice.
  const key = `${git.cwd}\0${options.ref ?? HISTORY_REF}`;
  const before = reusing.get(key) ?? Promise.resolve();
  const load = before.then(() => loadHistoryNow(git, options));
  const settled = load.then(
    () => undefined,
    () => undefined,
  );
  reusing.set(key, settled);
  void settled.then(() => {
    if (reusing.get(key) === settled) reusing.delete(key);
  });
  return load;
}

interface LoadHistoryOptions {
  ref?: string;
  tips?: readonly string[];
  reuse?: boolean;
  cache?: boolean;
}

/** The load of each reused history in progress (see loadHistory). */
const reusing = new Map<string, Promise<void>>();

async function loadHistoryNow(git: Git, options: LoadHistoryOptions): Promise<DeploymentHistory> {
  const ref = options.ref ?? HISTORY_REF;
  const tips = options.tips ?? [await readHistoryHead(git, ref)].filter((t): t is string => !!t);
  const key = `${git.cwd}\0${ref}`;
  if (options.reuse && !options.tips) {
    const cached = reusable.get(key);
    if (cached && sameSet(cached.tips, tips)) return cached;
    if (cached && cached.tips.length && tips.length === 1) {
      const descends = await Promise.all(cached.tips.map((t) => isAncestor(git, t, tips[0])));
      if (descends.every(Boolean)) {
        await extendHistory(git, cached, tips);
        return cached;
      }
    }
  }
  const useFile = options.cache !== false && !options.tips && tips.length > 0;
  let history = useFile ? await fromHistoryCache(git, ref, tips) : undefined;
  if (!history) {
    history = new DeploymentHistory();
    if (tips.length) history.ingest(await readHistoryCommits(git, tips), tips);
    if (useFile) await writeHistoryCache(git, ref, history.tips, history.unreadable, history.records());
  }
  if (options.reuse && !options.tips) {
    reusable.delete(key);
    reusable.set(key, history);
    if (reusable.size > MAX_REUSED) reusable.delete(reusable.keys().next().value as string);
  }
  return history;
}

/** The history from its cache file: as cached when the tips are the same, extended when they moved forward. */
async function fromHistoryCache(git: Git, ref: string, tips: readonly string[]): Promise<DeploymentHistory | undefined> {
  const cached = await readHistoryCache(git, ref);
  if (!cached || !cached.tips.length) return undefined;
  const same = sameSet(cached.tips, tips);
  if (!same) {
    if (tips.length !== 1) return undefined;
    // A cached tip git no longer has (pruned after a rewrite elsewhere) is simply not an ancestor.
    const descends = await Promise.all(cached.tips.map((t) => isAncestor(git, t, tips[0]).catch(() => false)));
    if (!descends.every(Boolean)) return undefined;
  }
  const history = DeploymentHistory.fromRecords(cached.tips, cached.records, cached.skipped);
  if (!history || same) return history;
  await extendHistory(git, history, tips);
  await writeHistoryCache(git, ref, history.tips, history.unreadable, history.records());
  return history;
}

/** Adds to a loaded history the commits reachable from `tips` that it does not have yet. */
export async function extendHistory(git: Git, history: DeploymentHistory, tips: readonly string[]): Promise<HistoryEvent[]> {
  const wanted = [...new Set(tips)].filter(Boolean);
  if (!wanted.length || sameSet(wanted, history.tips)) return [];
  const records = await readHistoryCommits(git, wanted, history.tips);
  const newTips = await independentTips(git, [...history.tips, ...wanted]);
  return history.ingest(records, newTips);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** The commits among `commits` that are not ancestors of another one. */
export async function independentTips(git: Git, commits: readonly string[]): Promise<string[]> {
  const unique = [...new Set(commits)];
  if (unique.length <= 1) return unique;
  return (await git.text(['merge-base', '--independent', ...unique])).split('\n').filter(Boolean);
}

export async function isAncestor(git: Git, ancestor: string, descendant: string): Promise<boolean> {
  if (ancestor === descendant) return true;
  const r = await git.run(['merge-base', '--is-ancestor', ancestor, descendant], { okExitCodes: [1] });
  return r.exitCode === 0;
}

const emptyTrees = new Map<string, string>();

/** The empty tree's id (written to the object store, which `git mktree` does). */
export async function emptyTree(git: Git): Promise<string> {
  const cached = emptyTrees.get(git.cwd);
  if (cached) return cached;
  const id = await git.line(['mktree'], { input: '' });
  emptyTrees.set(git.cwd, id);
  return id;
}

/**
 * Writes one history commit (empty tree) with the given parents and events; no ref changes.
 * Its committer date and identity are git's own (GIT_COMMITTER_DATE, user.name/email).
 */
export async function writeHistoryCommit(
  git: Git,
  parents: readonly string[],
  summary: string,
  reason: string | null,
  drafts: readonly EventDraft[],
): Promise<string> {
  const args = ['commit-tree', await emptyTree(git)];
  for (const p of new Set(parents)) args.push('-p', p);
  const result = await git.run(args, { input: formatHistoryMessage(summary, reason, drafts), okExitCodes: [128] });
  if (result.exitCode !== 0) {
    throw new EdgitError(
      `Could not write the deployment history: ${gitErrorDetail(result.stderr, 'git commit-tree failed')}`,
      /identity|tell me who you are|name/i.test(result.stderr) ? 'bad-input' : 'git-failed',
      'Check that git knows who you are (`git config user.name` and `user.email`).',
    );
  }
  return result.stdout.toString('utf8').trim();
}

/** Writes a merge commit (no events) joining our history and a remote's. */
export async function writeMergeCommit(git: Git, ours: string, theirs: string, remote: string): Promise<string> {
  return writeHistoryCommit(git, [ours, theirs], `Merge deployment history from ${remote}`, null, []);
}

/**
 * Appends events to the local history in one commit and moves the ref with a compare-and-swap
 * from the loaded history's head, then adds the events to the loaded history. Returns them.
 */
export async function appendToHistory(
  git: Git,
  history: DeploymentHistory,
  summary: string,
  reason: string | null,
  drafts: readonly EventDraft[],
): Promise<HistoryEvent[]> {
  if (!drafts.length) return [];
  const parents = [...history.tips];
  const commit = await writeHistoryCommit(git, parents, summary, reason, drafts);
  await applyRefUpdates(git, [{ ref: HISTORY_REF, oldValue: history.head, newValue: commit }], `edgit-deploy: history ${summary}`);
  return extendHistory(git, history, [commit]);
}
