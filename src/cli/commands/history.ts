import { ComponentStory, EnvironmentStory, EdgitError, Git, HistoryEvent, ObservedHistory, Receipt, componentStory, loadObservedHistory } from '../../engine';
import { historyEntries, historyEntryJson, isReceipt, readHistory } from '../../agentTools/answers/historyAnswer';
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

function momentOption(ctx: CliContext, name: string): number | null {
  const text = stringOption(ctx, name);
  return text === undefined ? null : parseMoment(text).getTime();
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
    const { snapshot, history, observed, receipts, skipped, component } = await readHistory(git, typed);
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

    const merged = historyEntries(history, receipts, { sinceMs, untilMs, componentKey: component?.key, environment });
    if (json) {
      printJson(ctx, merged.map(historyEntryJson));
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
