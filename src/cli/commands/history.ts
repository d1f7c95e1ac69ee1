import {
  ComponentStory,
  DeploymentHistory,
  EnvironmentStory,
  EdgitError,
  Git,
  HistoryEvent,
  ObservedHistory,
  Receipt,
  RepositorySnapshot,
  checkReceipts,
  compareEvents,
  componentStory,
  eventsBetween,
  joinProblems,
  loadObservedHistory,
  loadReceipts,
} from '../../engine';
import { CliCommand, CliContext, flag, print, printJson, printSkipped, repository, stringOption } from '../cliContext';
import { parseMoment } from '../../engine/timeArgument';
import { humanTime } from '../../engine/humanTime';
import { fixed, flowing, layoutRecord } from '../recordLayout';
import { byPiece, eventDetails, howPiece, whyPiece } from '../recordPieces';
import { shownName, shownText } from '../untrustedOutput';

/**
 * The snapshot and the history with the moves other tools made since the history last saw each
 * environment added as observed events in memory only: a read writes nothing (they are written
 * with the next recorded change, or an explicit fetch or push).
 */
export function observedHistory(git: Git): Promise<ObservedHistory> {
  return loadObservedHistory(git);
}

/**
 * The line telling that moves made outside were seen (on stderr, once, before the answer). They
 * are written to the history with the next recorded change, fetch or push (README).
 */
export function observedNotice(count: number): string {
  return `Noticed ${count} move${count === 1 ? '' : 's'} made outside edgit-deploy (shown as observed).\n`;
}

/** A component as typed, among the tags and, for components whose tags are gone, the history. */
function resolveHistoryComponent(snapshot: RepositorySnapshot, history: DeploymentHistory, typed: string): { key: string; id: string } {
  try {
    const c = snapshot.find(typed);
    return { key: c.key, id: c.id };
  } catch (e) {
    if (!(e instanceof EdgitError) || e.code !== 'unknown-component') throw e;
    const name = typed.replace(/@.*$/, '');
    for (const key of history.componentKeys()) {
      const first = history.timeline(key, history.environmentsOf(key)[0])[0];
      if (key === name || first?.componentId === name) return { key, id: first?.componentId ?? key };
    }
    throw e;
  }
}

function momentOption(ctx: CliContext, name: string): number | null {
  const text = stringOption(ctx, name);
  return text === undefined ? null : parseMoment(text).getTime();
}

function eventJson(e: HistoryEvent) {
  return {
    component: e.componentId,
    environment: e.environment,
    fromVersion: e.fromVersion,
    toVersion: e.toVersion,
    fromCommit: e.fromCommit,
    toCommit: e.toCommit,
    at: e.at,
    by: e.by,
    reason: e.reason,
    batch: e.batch,
    kind: e.kind,
  };
}

/** A bad mark (or its clearing) in `history --json`: no environment, the version it is about. */
function markJson(e: HistoryEvent) {
  return { kind: e.kind, action: e.action, component: e.componentId, environment: null, version: e.toVersion, commit: e.toCommit, at: e.at, by: e.by, reason: e.reason, batch: e.batch };
}

// Every field of an event comes from a history commit anyone with push rights may have written:
// names are shown unmistakably, other values on one line (untrustedOutput.ts), and each record
// is laid out to the width (recordLayout.ts): when, what and how on its first line, then who,
// why and the batch.

/** A version, else a short commit id, else `(none)`, as printed. */
const label = (version: string | null, commit: string | null) => (version ? shownName(version) : commit ? shownText(commit.slice(0, 10)) : '(none)');

function markRecord(e: HistoryEvent, width: number): string[] {
  const what = e.action === 'mark-bad' ? 'marked bad' : 'bad mark cleared';
  return layoutRecord(width, {
    head: [fixed(humanTime(e.at)), fixed(`${shownName(e.componentId)}@${shownName(String(e.toVersion))}`), fixed(what)],
    details: eventDetails(null, e.by ?? 'unknown', e.reason, e.batch),
  });
}

function eventRecord(e: HistoryEvent, width: number): string[] {
  const when = e.dated ? humanTime(e.at) : `≤${humanTime(e.at)}`;
  const how = e.kind === 'observed' ? howPiece(['observed', shownText(e.source ?? 'tag')]) : howPiece([shownText(e.action)]);
  return layoutRecord(width, {
    head: [fixed(when), fixed(`${shownName(e.componentId)} · ${shownName(e.environment)}`), fixed(`${label(e.fromVersion, e.fromCommit)} → ${label(e.toVersion, e.toCommit)}`)],
    headTail: how,
    // An observation's batch only groups what was noticed together: not shown (--json has it).
    details: eventDetails(null, e.by ?? 'unknown', e.reason, e.kind === 'observed' ? null : e.batch),
  });
}

/** A deploy receipt in `history --json`: what a deploy job reported live, when, by whom, with its run. */
function receiptJson(r: Receipt) {
  return {
    kind: 'receipt',
    component: r.componentId,
    environment: r.environment,
    version: r.version,
    commit: r.commit,
    at: r.at,
    by: r.by,
    run: r.run,
    note: r.note,
    settlesAt: r.settlesInMs ? new Date(r.atMs + r.settlesInMs).toISOString() : null,
  };
}

function receiptRecord(r: Receipt, width: number): string[] {
  const settles = r.settlesInMs ? `caches settle by ${humanTime(r.atMs + r.settlesInMs)}` : null;
  return layoutRecord(width, {
    head: [fixed(humanTime(r.atMs)), fixed(`${shownName(r.componentId)} · ${shownName(r.environment)}`), fixed(`live: ${label(r.version, r.commit)}`)],
    headTail: howPiece(['deploy reported']),
    details: [[byPiece(r.by), flowing(r.run ? shownText(r.run) : ''), fixed(settles ?? '')], [whyPiece(r.note)]],
  });
}

/** The story of one component's environments: a heading per environment, a record per stretch of time. */
function storyLines(story: ComponentStory, environments: readonly EnvironmentStory[], width: number): string[] {
  const out: string[] = [];
  for (const env of environments) {
    out.push(`${shownName(story.id)} · ${shownName(env.name)}`);
    if (!env.segments.length) out.push('  (no record)');
    else if (env.segments[0].from) out.push(`  before ${humanTime(env.segments[0].from)}: unknown`);
    for (const s of env.segments) {
      const span = `${s.from ? humanTime(s.from) : '?'} → ${s.to ? humanTime(s.to) : 'now'}`;
      out.push(
        ...layoutRecord(width, {
          indent: 2,
          head: [fixed(span), fixed(s.present ? label(s.version, s.commit) : '(absent)')],
          details: eventDetails(howPiece([shownText(s.evidence), s.action && s.action !== s.evidence ? shownText(s.action) : null]), s.who, s.why, s.evidence === 'observed' ? null : s.batch),
        }),
      );
    }
  }
  return out;
}

export const historyCommand: CliCommand = {
  name: 'history',
  usage: 'history [COMPONENT] [--env ENV] [--since TIME] [--until TIME] [--story] [--repo DIR] [--json]',
  summary: 'who moved which environment to what, when and why (newest first); --story: per environment, from when to when (every component without COMPONENT)',
  options: { env: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, story: { type: 'boolean' } },
  async run(ctx: CliContext): Promise<number> {
    const [typed, ...rest] = ctx.positionals;
    if (rest.length) throw new EdgitError('history takes at most one COMPONENT.', 'bad-input', `Usage: edgit-deploy ${this.usage}`);
    const sinceMs = momentOption(ctx, 'since');
    const untilMs = momentOption(ctx, 'until');
    const environment = stringOption(ctx, 'env');
    const git = await repository(ctx);
    const [{ snapshot, history, observed, skipped: historySkipped }, read] = await Promise.all([observedHistory(git), loadReceipts(git)]);
    const receipts = checkReceipts(read, snapshot);
    const skipped = joinProblems(historySkipped, receipts.skipped);
    const component = typed ? resolveHistoryComponent(snapshot, history, typed) : undefined;
    const json = flag(ctx, 'json');
    if (observed.length) {
      ctx.stderr.write(observedNotice(observed.length));
    }
    printSkipped(ctx, skipped);

    if (flag(ctx, 'story')) {
      // Without a COMPONENT: every component, those known only from the history after those with tags.
      const keys = component ? [component.key] : [...new Set([...snapshot.components.map((c) => c.key), ...history.componentKeys().sort()])];
      const stories = keys
        .map((key) => componentStory(history, snapshot, key))
        .map((story) => ({ story, environments: story.environments.filter((e) => !environment || e.name === environment) }))
        .filter((s) => component || s.environments.length);
      if (json) {
        const shaped = stories.map(({ story, environments }) => ({ component: story.id, key: story.key, environments }));
        printJson(ctx, component ? shaped[0] : shaped);
        return 0;
      }
      if (!stories.length) print(ctx, history.size || snapshot.components.length ? 'No environment matches.' : 'No deployment history yet: it starts with the next move made with edgit-deploy.');
      for (const { story, environments } of stories) for (const line of storyLines(story, environments, ctx.width)) print(ctx, line);
      return 0;
    }

    const events = eventsBetween(history, { sinceMs, untilMs, componentKey: component?.key, environment });
    // Bad marks and their clearing belong to a version, not an environment: listed unless --env is given.
    const marks = environment
      ? []
      : history.events.filter(
          (e) => e.kind === 'mark' && (!component || e.componentKey === component.key) && (sinceMs === null || e.atMs >= sinceMs) && (untilMs === null || e.atMs <= untilMs),
        );
    const all = [...events, ...marks].sort((a, b) => compareEvents(b, a));
    // Deploy receipts among the moves: when each position went live, and by whose deploy.
    const reported = receipts
      .all()
      .filter((r) => (!component || r.componentKey === component.key) && (!environment || r.environment === environment) && (sinceMs === null || r.atMs >= sinceMs) && (untilMs === null || r.atMs <= untilMs))
      .reverse();
    const merged: (HistoryEvent | Receipt)[] = [];
    for (let i = 0, j = 0; i < all.length || j < reported.length; ) {
      if (j >= reported.length || (i < all.length && all[i].atMs >= reported[j].atMs)) merged.push(all[i++]);
      else merged.push(reported[j++]);
    }
    const isReceipt = (x: HistoryEvent | Receipt): x is Receipt => 'receiptCommit' in x;
    if (json) {
      printJson(ctx, merged.map((e) => (isReceipt(e) ? receiptJson(e) : e.kind === 'mark' ? markJson(e) : eventJson(e))));
      return 0;
    }
    if (!merged.length) {
      print(ctx, history.size ? 'No event matches.' : 'No deployment history yet: it starts with the next move made with edgit-deploy.');
      return 0;
    }
    for (const e of merged) for (const line of isReceipt(e) ? receiptRecord(e, ctx.width) : e.kind === 'mark' ? markRecord(e, ctx.width) : eventRecord(e, ctx.width)) print(ctx, line);
    return 0;
  },
};
