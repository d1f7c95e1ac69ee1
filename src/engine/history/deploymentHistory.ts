import { ReadProblem } from '../readProblems';
import { EventDraft, HistoryCommitRecord, HistoryEvent, createInterner, eventsOfCommits, formatHistoryMessage, parseEventLines } from './historyEvents';

interface EnvTimeline {
  /** Every event read for the environment, contradicted ones included; sorted on demand. */
  readonly events: HistoryEvent[];
  sorted: boolean;
  /** The events without the contradicted ones (when there are any), computed on demand. */
  trusted?: HistoryEvent[];
  /** withoutRepeats(trusted): what answers rest on, computed on demand. */
  answering?: HistoryEvent[];
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
        t.answering = undefined;
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
    // Two callers bringing the same history up to date at once (a tree refresh beside a batch's
    // companion) read the same new commits: each commit's events are added once.
    const had = new Set(this.events.map((e) => e.historyCommit));
    const fresh = records.filter((r) => !had.has(r.commit));
    const { events: added, skipped } = eventsOfCommits(fresh, () => this.nextSeq++, this.intern);
    this._skipped.push(...skipped);
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

  /** How many events were read from history commits (what events may contradict git: observed in memory ones cannot). */
  get writtenSize(): number {
    return this.events.length - this.unwritten;
  }

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
    t.answering = undefined;
    t.objects = undefined;
  }

  /**
   * The events of one environment of one component, oldest first: what every answer rests on.
   * Without the events that contradict git, and without observations that only repeat a position
   * the history already holds (withoutRepeats): a recorded move stays the evidence, with its who,
   * when and why, whatever order histories were merged in.
   */
  timeline(componentKey: string, environment: string): readonly HistoryEvent[] {
    const t = this.byKey.get(componentKey)?.get(environment);
    if (!t) return [];
    const all = this.allEvents(componentKey, environment);
    return (t.answering ??= withoutRepeats(all));
  }

  /** Every event of one environment, oldest first, repeated observations included (contradicted ones never). */
  allEvents(componentKey: string, environment: string): readonly HistoryEvent[] {
    const t = this.byKey.get(componentKey)?.get(environment);
    if (!t) return [];
    if (!t.sorted) {
      t.events.sort(compareEvents);
      t.sorted = true;
      t.trusted = undefined;
      t.answering = undefined;
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
 * The events without observations that only repeat what the history already holds: an observed
 * event is left out when it names the same tag object as a recorded event (the same move, seen
 * by a clone that had not fetched the record yet, whichever is dated first), or the same commit
 * as the event before it (nothing moved). Nothing is deleted from the history.
 */
function withoutRepeats(timeline: readonly HistoryEvent[]): HistoryEvent[] {
  const recordedObjects = new Set<string>();
  for (const e of timeline) if (e.kind === 'recorded' && e.toObject) recordedObjects.add(e.toObject);
  if (!timeline.some((e) => e.kind === 'observed')) return timeline as HistoryEvent[];
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

