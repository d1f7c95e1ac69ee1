import {
  DeploymentHistory,
  EdgitError,
  Git,
  HistoryEvent,
  ObservedHistory,
  RepositorySnapshot,
  compareEvents,
  componentStory,
  eventsBetween,
  loadObservedHistory,
} from '../../engine';
import { CliCommand, CliContext, flag, print, printJson, printSkipped, repository, stringOption } from '../cliContext';
import { parseMoment } from '../timeArgument';
import { shownName, shownText } from '../untrustedOutput';

/**
 * The snapshot and the history with the moves other tools made since the history last saw each
 * environment added as observed events in memory only: a read writes nothing (they are written
 * with the next recorded change, or an explicit fetch or push).
 */
export function observedHistory(git: Git): Promise<ObservedHistory> {
  return loadObservedHistory(git);
}

/** The line telling that moves made outside were seen (and not written). */
export function observedNotice(count: number): string {
  return `Noticed ${count} move(s) made outside edgit-deploy, shown as observed; they are written to the history with the next recorded change, fetch or push.\n`;
}

/** A component as typed, among the tags and, for components whose tags are gone, the history. */
export function resolveHistoryComponent(snapshot: RepositorySnapshot, history: DeploymentHistory, typed: string): { key: string; id: string } {
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

export function eventJson(e: HistoryEvent) {
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
export function markJson(e: HistoryEvent) {
  return { kind: e.kind, action: e.action, component: e.componentId, environment: null, version: e.toVersion, commit: e.toCommit, at: e.at, by: e.by, reason: e.reason, batch: e.batch };
}

// Every field of an event comes from a history commit anyone with push rights may have written:
// names are shown unmistakably, other values on one line (untrustedOutput.ts).

function markLine(e: HistoryEvent): string {
  const what = e.action === 'mark-bad' ? 'marked bad' : 'bad mark cleared';
  return [
    shownText(e.at.replace('.000Z', 'Z')),
    `${shownName(e.componentId)}@${shownName(String(e.toVersion))}`,
    what,
    shownText(e.by ?? 'unknown'),
    e.reason ? `"${shownText(e.reason)}"` : '',
    `batch ${shownText(e.batch)}`,
  ]
    .filter(Boolean)
    .join('  ');
}

/** A version, else a short commit id, else `(none)`, as printed. */
const label = (version: string | null, commit: string | null) => (version ? shownName(version) : commit ? shownText(commit.slice(0, 10)) : '(none)');

function eventLine(e: HistoryEvent): string {
  const at = shownText(e.at.replace('.000Z', 'Z'));
  const when = e.dated ? at : `≤${at}`;
  const what = `${shownName(e.componentId)} · ${shownName(e.environment)}: ${label(e.fromVersion, e.fromCommit)} → ${label(e.toVersion, e.toCommit)}`;
  const how = e.kind === 'observed' ? `observed (${shownText(e.source ?? 'tag')})` : shownText(e.action);
  return [when, what, how, shownText(e.by ?? 'unknown'), e.reason ? `"${shownText(e.reason)}"` : '', `batch ${shownText(e.batch)}`].filter(Boolean).join('  ');
}

export const historyCommand: CliCommand = {
  name: 'history',
  usage: 'history [COMPONENT] [--env ENV] [--since TIME] [--until TIME] [--story] [--repo DIR] [--json]',
  summary: 'who moved which environment to what, when and why (newest first); --story: per environment, from when to when',
  options: { env: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, story: { type: 'boolean' } },
  async run(ctx: CliContext): Promise<number> {
    const [typed, ...rest] = ctx.positionals;
    if (rest.length) throw new EdgitError('history takes at most one COMPONENT.', 'bad-input', `Usage: edgit-deploy ${this.usage}`);
    const sinceMs = momentOption(ctx, 'since');
    const untilMs = momentOption(ctx, 'until');
    const environment = stringOption(ctx, 'env');
    const git = await repository(ctx);
    const { snapshot, history, observed, skipped } = await observedHistory(git);
    const component = typed ? resolveHistoryComponent(snapshot, history, typed) : undefined;
    const json = flag(ctx, 'json');
    if (observed.length) {
      ctx.stderr.write(observedNotice(observed.length));
    }
    printSkipped(ctx, skipped);

    if (flag(ctx, 'story')) {
      if (!component) throw new EdgitError('--story needs a COMPONENT.', 'bad-input', 'For example: edgit-deploy history prompts/extraction --story');
      const story = componentStory(history, snapshot, component.key);
      const environments = story.environments.filter((e) => !environment || e.name === environment);
      if (json) {
        printJson(ctx, { component: story.id, key: story.key, environments });
        return 0;
      }
      for (const env of environments) {
        print(ctx, `${shownName(story.id)} · ${shownName(env.name)}`);
        if (!env.segments.length) print(ctx, '  (no record)');
        else if (env.segments[0].from) print(ctx, `  before ${shownText(env.segments[0].from)}: unknown`);
        for (const s of env.segments) {
          const span = `${shownText(s.from ?? '?')} → ${shownText(s.to ?? 'now')}`;
          const who = s.who ? `  ${shownText(s.who)}` : '';
          const why = s.why ? `  "${shownText(s.why)}"` : '';
          const how = `${shownText(s.evidence)}${s.action ? ', ' + shownText(s.action) : ''}`;
          print(ctx, `  ${span}  ${s.present ? label(s.version, s.commit) : '(absent)'}  [${how}]${who}${why}`);
        }
      }
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
    if (json) {
      printJson(ctx, all.map((e) => (e.kind === 'mark' ? markJson(e) : eventJson(e))));
      return 0;
    }
    if (!all.length) {
      print(ctx, history.size ? 'No event matches.' : 'No deployment history yet: it starts with the next move made with edgit-deploy.');
      return 0;
    }
    for (const e of all) print(ctx, e.kind === 'mark' ? markLine(e) : eventLine(e));
    return 0;
  },
};
