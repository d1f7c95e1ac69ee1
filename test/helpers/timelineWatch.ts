// What a timeline panel exchanged with its page, gathered for the extension-host tests and the
// benchmark's probe from the panel's onDidExchange (the panel keeps none of it).
import type { FromPage, MomentView, ShownRow, TimelineState, ToPage } from '../../src/extension/timeline/protocol';
import type { TimelineExchange, TimelinePanel } from '../../src/extension/timeline/timelinePanel';

/** The page's last `rendered` report: counts, and the first rows as shown (text and time tooltips). */
export interface RenderedReport {
  readonly rows: number;
  readonly events: number;
  readonly cells: number;
  readonly shown: readonly ShownRow[];
  readonly rowsMatching: number;
  readonly cellsMatching: number;
  readonly workMs?: number;
  /** How many deploy receipt markers the timelines drew. */
  readonly receiptMarks: number;
}

/** What the controller posted and received so far, and what came of it. */
export interface TimelineTestView {
  readonly html: string;
  /** The nonce of the page's Content-Security-Policy, read from its HTML. */
  readonly nonce: string;
  readonly state?: TimelineState;
  readonly moment?: MomentView;
  readonly posted: readonly ToPage['type'][];
  readonly rendered?: RenderedReport;
  readonly cspViolations: readonly { directive: string; blocked: string }[];
  /** Messages from the page that were refused (shape or unknown names). */
  readonly refused: readonly string[];
  readonly lastAction?: Extract<TimelineExchange, { outcome: unknown }>['outcome'];
  readonly timings?: { loadMs: number; buildMs: number };
  /** How many times the page booted and said `ready`. */
  readonly readies: number;
  /** The deploy runs handed to the browser (openRun, after the panel's checks), in order. */
  readonly openedRuns: readonly string[];
}

interface Gathered {
  state?: TimelineState;
  moment?: MomentView;
  posted: ToPage['type'][];
  rendered?: RenderedReport;
  cspViolations: { directive: string; blocked: string }[];
  refused: string[];
  lastAction?: TimelineTestView['lastAction'];
  timings?: { loadMs: number; buildMs: number };
  readies: number;
  openedRuns: string[];
}

const watched = new WeakMap<TimelinePanel, Gathered>();

function posted(g: Gathered, message: ToPage): void {
  g.posted.push(message.type);
  if (message.type === 'state') {
    g.state = message.state;
    g.moment = message.state.moment;
  } else if (message.type === 'moment') g.moment = message.moment;
}

function received(g: Gathered, message: FromPage): void {
  if (message.type === 'ready') g.readies++;
  else if (message.type === 'cspViolation') g.cspViolations.push({ directive: message.directive, blocked: message.blocked });
  else if (message.type === 'rendered') {
    g.rendered = {
      rows: message.rows,
      events: message.events,
      cells: message.cells,
      shown: message.shown ?? [],
      rowsMatching: message.rowsMatching ?? message.rows,
      cellsMatching: message.cellsMatching ?? message.cells,
      workMs: message.workMs,
      receiptMarks: message.receiptMarks ?? 0,
    };
  }
}

/** Starts gathering what `panel` exchanges with its page (before its page boots: right after it was opened). */
export function watchTimeline(panel: TimelinePanel): void {
  if (watched.has(panel)) return;
  const g: Gathered = { posted: [], cspViolations: [], refused: [], readies: 0, openedRuns: [] };
  watched.set(panel, g);
  panel.onDidExchange((e) => {
    if ('posted' in e) posted(g, e.posted);
    else if ('received' in e) received(g, e.received);
    else if ('refused' in e) g.refused.push(e.refused);
    else if ('outcome' in e) g.lastAction = e.outcome;
    else if ('openedRun' in e) g.openedRuns.push(e.openedRun);
    else g.timings = e.timings;
  });
}

/** What `panel` exchanged since watchTimeline. */
export function viewOf(panel: TimelinePanel): TimelineTestView {
  const g = watched.get(panel);
  if (!g) throw new Error('watchTimeline(panel) was not called when the panel opened');
  const html = panel.panel.webview.html;
  return { ...g, html, nonce: /'nonce-([^']+)'/.exec(html)?.[1] ?? '', posted: [...g.posted], cspViolations: [...g.cspViolations], refused: [...g.refused], openedRuns: [...g.openedRuns] };
}
