import type { RowView, SegmentView } from '../../extension/timeline/protocol';
import { namespaceOf } from '../../extension/timeline/naturalOrder';
import { ROWS_REQUEST_LIMIT } from '../../extension/timeline/protocol';
import { axisTicks, clockLabel, dayLabel } from './axis';
import { clear, el } from './dom';
import type { PageElements } from './elements';
import type { PageModel } from './model';
import { EVIDENCE_TEXT, PageActions } from './pageActions';
import { PAGE_SIZE, showMoreButton } from './paging';
import { receiptLabel } from './receipts';
import { duration, readable } from './time';

/**
 * The state timeline, the page's lead: one track per component and environment (grouped by
 * namespace and component), each stretch of time at one position a bar in its version's colour
 * (the same colour on every track of the component), a version marked bad red and hatched, each
 * move a marker at its start (a rollback pointing back), each deploy receipt a diamond at the
 * track's foot (with a faint band while caches may still serve the previous position), the moment as a line across every track,
 * and a sticky axis of round ticks. Bars are placed by percent of the shown window (element.style,
 * which the CSP allows). Hovering a bar or a move shows what it was (hover card); clicking a track
 * moves the moment there. `timelineRow` builds one row on its own, so only the rows of the
 * current page are built.
 */

/** How many version colours there are (tone-0 … tone-6 in media/timeline.css). */
const TONES = 7;
/** A click this close (px) to a move lands on the move (right after it). */
const SNAP_PX = 6;
/** A bar narrower than this (px) carries no text. */
const MIN_LABEL_PX = 24;
const MINUTE = 60_000;

/** What a bar or a move marker stands for (read by the hover card and the clicks). */
interface Mark {
  readonly row: RowView;
  readonly index: number;
  /** `receipt`: index is into row.receipts. */
  readonly kind: 'segment' | 'move' | 'before' | 'receipt';
}

const marks = new WeakMap<Element, Mark>();
const trackRows = new WeakMap<Element, RowView>();

/** The component's name without its namespace (the namespace heads its group). */
function shortName(componentId: string): string {
  const slash = componentId.indexOf('/');
  return slash > 0 ? componentId.slice(slash + 1) : componentId;
}

function positionText(s: SegmentView): string {
  if (!s.present) return 'absent';
  return s.version || s.commit || '?';
}

/** Where a stretch starts and ends on the timeline (ms): undated starts are not drawn as known. */
function extent(s: SegmentView, spanEnd: number): { from: number; to: number } {
  const to = s.toMs ?? spanEnd;
  return { from: s.fromMs ?? to, to };
}

/** A move back to a lower version than the one it leaves (a rollback, an undo, or any move down). */
function isBack(row: RowView, index: number): boolean {
  const s = row.segments[index];
  const before = row.segments[index - 1];
  if (s.action === 'rollback' || s.action === 'undo') return true;
  return !!before && before.tone !== null && s.tone !== null && s.tone < before.tone;
}

/** The width the tracks are drawn at (px), for the axis's ticks and the bars' labels: measured, else estimated from the window. */
export function trackWidth(model: PageModel): number {
  return model.trackPx || Math.max(200, window.innerWidth - 32 - (window.innerWidth < 641 ? 112 : 226));
}

export function renderAxis(model: PageModel, els: PageElements): void {
  clear(els.axis);
  clear(els.gridlines);
  if (!model.state) return;
  const { startMs, endMs } = model.windowOf();
  const ticks = axisTicks(startMs, endMs, trackWidth(model));
  const labels = document.createDocumentFragment();
  const lines = document.createDocumentFragment();
  for (const t of ticks) {
    const p = model.pct(t.ms);
    const tick = el('span', `tick${t.major ? ' major' : ''}${p < 3 ? ' at-start' : p > 97 ? ' at-end' : ''}`, t.label);
    tick.style.left = `${p}%`;
    tick.title = readable(t.ms);
    labels.appendChild(tick);
    const line = el('div', `gridline${t.major ? ' major' : ''}`);
    line.style.left = `${p}%`;
    lines.appendChild(line);
  }
  // Now, when the window reaches it (the history's span ends there).
  const nowMs = model.state.nowMs;
  if (nowMs >= startMs && nowMs <= endMs) {
    const line = el('div', 'gridline now');
    line.style.left = `${model.pct(nowMs)}%`;
    lines.appendChild(line);
  }
  els.axis.appendChild(labels);
  els.gridlines.appendChild(lines);
}

/** AROUND_MS of the host (timelineState.ts), in hours: a cell's `movedAround`. */
const AROUND_HOURS = 6;

/**
 * The components that lead the timelines: those with an environment (passing the filters) that
 * moved within AROUND_HOURS of the moment (the host says so of every cell, loaded rows or not).
 */
function liftedComponents(model: PageModel): Set<string> {
  const lifted = new Set<string>();
  for (const c of model.moment?.cells ?? []) if (c.movedAround && model.passes(c)) lifted.add(c.componentKey);
  return lifted;
}

/** What of a moment the timelines draw (which components lead, which tags are stale): a new moment redraws them when it changes. */
export function liftedSignature(model: PageModel): string {
  const stale = (model.moment?.cells ?? []).filter((c) => c.stale).map((c) => `${c.componentKey}\0${c.environment}`);
  return [...liftedComponents(model), '|', ...stale].join('\n');
}

export function renderTimelines(model: PageModel, els: PageElements, actions: PageActions): void {
  clear(els.timelines);
  const state = model.state;
  if (!state) return;
  els.legendReceipts.hidden = !(state.reportedEnvironments ?? []).length;
  const matching = model.matchingRows();
  model.rowsMatching = matching.length;
  model.liftedShown = liftedSignature(model);
  if (!matching.length) {
    els.timelines.appendChild(el('p', 'empty', state.rows.length ? 'No timeline matches the filter.' : 'No environment has a history yet.'));
    return;
  }
  // What moved around the moment first (as the table does), then the rest; each in natural order.
  const lifted = liftedComponents(model);
  const first = matching.filter((r) => lifted.has(r.componentKey));
  const rest = first.length ? matching.filter((r) => !lifted.has(r.componentKey)) : matching;
  const parts = first.length && rest.length;
  const rows = first.length ? [...first, ...rest] : matching;
  const widthPx = trackWidth(model);
  // Environments whose local tag is stale (a move not fetched): their label says so.
  const stale = new Set((model.moment?.cells ?? []).filter((c) => c.stale).map((c) => `${c.componentKey}\0${c.environment}`));
  const lines = document.createDocumentFragment();
  let lastComponent = '';
  let lastNamespace: string | null = null;
  const shown = rows.slice(0, model.rowLimit);
  shown.forEach((row, i) => {
    if (parts && (i === 0 || i === first.length)) {
      const components = new Set((i === 0 ? first : rest).map((r) => r.componentKey)).size;
      const text = i === 0 ? `Moved within ${AROUND_HOURS} h of the moment` : 'No move within that time';
      lines.appendChild(el('div', 'part-heading', `${text} (${components} component${components === 1 ? '' : 's'})`));
      lastNamespace = null;
      lastComponent = '';
    }
    const namespace = namespaceOf(row.componentId);
    if (namespace !== lastNamespace) {
      lastNamespace = namespace;
      lines.appendChild(el('div', 'namespace-heading', namespace));
    }
    const firstOfComponent = row.componentKey !== lastComponent;
    if (firstOfComponent) {
      lastComponent = row.componentKey;
      // Shown instead of the name in the label column when the page is narrow.
      lines.appendChild(el('div', 'component-heading', shortName(row.componentId)));
    }
    lines.appendChild(timelineRow(row, model, firstOfComponent, widthPx, stale.has(`${row.componentKey}\0${row.environment}`)));
  });
  const pending = shown.filter((r) => r.segmentsPending && model.askFor(r));
  if (pending.length) actions.post({ type: 'needRows', rows: pending.slice(0, ROWS_REQUEST_LIMIT).map((r) => ({ componentKey: r.componentKey, environment: r.environment })) });
  const left = rows.length - shown.length;
  if (left > 0) {
    lines.appendChild(
      showMoreButton(left, () => {
        model.rowLimit += PAGE_SIZE;
        renderTimelines(model, els, actions);
        actions.report();
      }),
    );
  }
  els.timelines.appendChild(lines);
}

/** A stretch's words for a screen reader and the track's label: `v2.0.0 (marked bad) 14:00 to 14:52`. */
function stretchWords(model: PageModel, row: RowView, s: SegmentView): string {
  const bad = s.present && model.badMark(row.componentKey, s.version) ? ' (marked bad)' : '';
  const from = s.fromMs === null ? 'an unknown moment' : readable(s.fromMs);
  const to = s.toMs === null ? 'now' : readable(s.toMs);
  return `${positionText(s)}${bad} from ${from} to ${to}`;
}

/**
 * One row: its label (the component's name on its first row, the environment) and its track:
 * the bars in the window, a hatched stretch where nothing is known, and a marker at each move.
 */
function timelineRow(row: RowView, model: PageModel, firstOfComponent = true, widthPx = 600, staleTag = false): HTMLElement {
  const spanEnd = model.state ? model.state.span.endMs : Date.now();
  const { startMs, endMs } = model.windowOf();
  const line = el('div', firstOfComponent ? 'row group-start' : 'row');
  line.dataset.component = row.componentKey;
  line.dataset.environment = row.environment;
  const label = el('div', 'row-label');
  label.appendChild(el('span', 'comp', firstOfComponent ? shortName(row.componentId) : ''));
  const env = el('span', 'env', row.environment);
  if (staleTag) env.appendChild(el('span', 'stale-mark', ' ⚠'));
  label.appendChild(env);
  label.title = `${row.componentId} · ${row.environment}${row.omittedSegments ? ` (${row.omittedSegments} older positions not shown)` : ''}${staleTag ? '\n⚠ Your local tag is stale: this track shows what the deployment history says; Fetch to bring the tag.' : ''}`;
  line.appendChild(label);
  const track = el('div', 'track');
  track.tabIndex = 0;
  track.setAttribute('role', 'group');
  trackRows.set(track, row);
  line.appendChild(track);
  if (row.segmentsPending) {
    const loading = el('div', 'seg pending', 'loading…');
    loading.style.left = '0%';
    loading.style.width = '100%';
    track.appendChild(loading);
    track.setAttribute('aria-label', `${row.componentId} ${row.environment}: loading`);
    return line;
  }
  const words: string[] = [];
  // Before the first position: older positions left out, or nothing known at all.
  const first = row.segments[0];
  const knownFrom = first ? (first.fromMs ?? first.toMs ?? spanEnd) : spanEnd;
  if (knownFrom > startMs) {
    const omitted = row.omittedSegments > 0;
    const before = el('div', omitted ? 'seg omitted' : 'seg evidence-unknown before');
    const width = model.pct(knownFrom);
    before.style.left = '0%';
    before.style.width = `${width}%`;
    // An undated first position: the hatch ends where it is known to be there.
    const text = omitted ? `${row.omittedSegments} older` : first && first.fromMs === null ? `${positionText(first)}, since an unknown moment` : '';
    if (text && (width / 100) * widthPx >= MIN_LABEL_PX) before.appendChild(el('span', 'v', text));
    marks.set(before, { row, index: -1, kind: 'before' });
    track.appendChild(before);
  }
  const movesLayer = document.createDocumentFragment();
  row.segments.forEach((s, i) => {
    const { from, to } = extent(s, spanEnd);
    if (to < startMs || from > endMs) return; // outside the window
    words.push(stretchWords(model, row, s));
    const bad = s.present ? model.badMark(row.componentKey, s.version) : undefined;
    const tone = s.tone === null ? 'no-tone' : `tone-${s.tone % TONES}`;
    const seg = el('div', `seg ${tone} evidence-${s.evidence}${s.present ? '' : ' absent'}${s.fromMs === null ? ' undated' : ''}${bad ? ' bad' : ''}`);
    const left = model.pct(from);
    const width = Math.max(0, model.pct(to) - left);
    seg.style.left = `${left}%`;
    seg.style.width = `${width}%`;
    if ((width / 100) * widthPx >= MIN_LABEL_PX) {
      seg.appendChild(el('span', 'v', `${bad ? '⚠ ' : ''}${positionText(s)}`));
      if (s.why) seg.appendChild(el('span', 'why', s.why));
    }
    marks.set(seg, { row, index: i, kind: 'segment' });
    track.appendChild(seg);
    // The move that started it (a dated one, in the window).
    if (s.fromMs !== null && s.fromMs >= startMs && s.fromMs <= endMs) {
      const back = isBack(row, i);
      const move = el('div', `move-mark${back ? ' back' : ''}`);
      move.style.left = `${model.pct(s.fromMs)}%`;
      move.dataset.ms = String(s.fromMs);
      const before = row.segments[i - 1];
      move.setAttribute(
        'aria-label',
        `${back ? 'Rollback' : 'Move'} ${before ? positionText(before) : '(none)'} → ${positionText(s)} at ${readable(s.fromMs)}${s.who ? ` by ${s.who}` : ''}${s.why ? `: ${s.why}` : ''}`,
      );
      marks.set(move, { row, index: i, kind: 'move' });
      movesLayer.appendChild(move);
    }
  });
  // Deploy receipts: a diamond at each report, a faint band until caches settle.
  (row.receipts ?? []).forEach((r, i) => {
    if (r.settlesInMs) {
      const end = Math.min(r.atMs + r.settlesInMs, spanEnd);
      if (end > startMs && r.atMs < endMs) {
        const band = el('div', 'settle-band');
        const left = model.pct(r.atMs);
        band.style.left = `${left}%`;
        band.style.width = `${Math.max(0, model.pct(end) - left)}%`;
        movesLayer.appendChild(band);
      }
    }
    if (r.atMs < startMs || r.atMs > endMs) return;
    const mark = el('div', 'receipt-mark');
    mark.style.left = `${model.pct(r.atMs)}%`;
    mark.dataset.ms = String(r.atMs);
    const label = `${receiptLabel(r)} at ${readable(r.atMs)}`;
    mark.setAttribute('aria-label', label);
    words.push(label);
    marks.set(mark, { row, index: i, kind: 'receipt' });
    movesLayer.appendChild(mark);
  });
  track.appendChild(movesLayer);
  track.setAttribute('aria-label', `${row.componentId} ${row.environment}: ${words.join('; ') || 'nothing in this window'}`);
  return line;
}

/** The lines of the hover card for a bar, a move, or the stretch before anything is known. */
function cardLines(model: PageModel, mark: Mark): { title: string; lines: string[]; strong?: string; hint: string } {
  const { row } = mark;
  const where = `${row.componentId} · ${row.environment}`;
  const spanEnd = model.state ? model.state.span.endMs : Date.now();
  if (mark.kind === 'before') {
    const text = row.omittedSegments ? `${row.omittedSegments} older positions are not shown here (see the events list)` : 'Nothing recorded before this: not known.';
    return { title: where, lines: [text], hint: '' };
  }
  if (mark.kind === 'receipt') {
    const r = row.receipts[mark.index];
    const lines = [readable(r.atMs), `by ${r.by}`];
    if (r.settlesInMs) lines.push(`caches may serve the previous position until ${readable(r.atMs + r.settlesInMs)}`);
    if (r.note) lines.push(`note: ${r.note}`);
    if (r.run) lines.push(`run: ${r.run}`);
    return {
      title: `Reported live · ${where}`,
      strong: `${r.version ?? r.commit}${r.version ? ` (${r.commit})` : ''}`,
      lines,
      hint: 'Click: the state at this report (its run is linked in the table)',
    };
  }
  const s = row.segments[mark.index];
  const bad = s.present ? model.badMark(row.componentKey, s.version) : undefined;
  const badLine = bad ? `⚠ ${s.version} is marked bad by ${bad.by}, ${readable(bad.atMs)}${bad.reason ? `: ${bad.reason}` : ''}` : undefined;
  const evidence = `${EVIDENCE_TEXT[s.evidence]}${s.action ? ` (${s.action})` : ''}`;
  if (mark.kind === 'move' && s.fromMs !== null) {
    const before = row.segments[mark.index - 1];
    const back = isBack(row, mark.index);
    const lines = [`${readable(s.fromMs)}`];
    if (s.who) lines.push(`by ${s.who}`);
    if (s.why) lines.push(`why: ${s.why}`);
    lines.push(evidence);
    if (badLine) lines.push(badLine);
    return {
      title: `${back ? '↩ Rollback' : 'Move'} · ${where}`,
      strong: `${before ? positionText(before) : '(none)'} → ${positionText(s)}`,
      lines,
      hint: 'Click: the state right after this move',
    };
  }
  const { from, to } = extent(s, spanEnd);
  const lines: string[] = [];
  if (s.fromMs === null) lines.push(`since an unknown moment, until ${s.toMs === null ? 'now' : readable(s.toMs)}`);
  else {
    const end = s.toMs === null ? 'now' : sameDay(s.fromMs, s.toMs) ? clockLabel(new Date(s.toMs)) : readable(s.toMs);
    lines.push(`${readable(s.fromMs)} → ${end} (${duration(to - from)})`);
  }
  if (s.who) lines.push(`by ${s.who}`);
  if (s.why) lines.push(`why: ${s.why}`);
  lines.push(`evidence: ${evidence}`);
  if (badLine) lines.push(badLine);
  return { title: where, strong: `${positionText(s)}${s.commit && s.version ? ` (${s.commit})` : ''}`, lines, hint: 'Click: the state at that point' };
}

function sameDay(a: number, b: number): boolean {
  return dayLabel(new Date(a)) === dayLabel(new Date(b)) && Math.abs(a - b) < 24 * 60 * MINUTE;
}

/**
 * The timelines' pointer and keys, once for the page (delegated, so drawing a row adds no
 * listener): the hover card, a click on a track (the moment there, or right after a move near
 * it), ← / → on a focused track (its previous / next move).
 */
export function wireTimelines(model: PageModel, els: PageElements, actions: PageActions): void {
  const card = els.hovercard;
  const hide = (): void => {
    card.hidden = true;
  };
  const place = (e: MouseEvent): void => {
    const pad = 14;
    const box = card.getBoundingClientRect();
    let x = e.clientX + pad;
    let y = e.clientY + pad + 4;
    if (x + box.width > window.innerWidth - 4) x = Math.max(4, e.clientX - box.width - pad);
    if (y + box.height > window.innerHeight - 4) y = Math.max(4, e.clientY - box.height - pad);
    card.style.left = `${x}px`;
    card.style.top = `${y}px`;
  };
  let shown: Element | null = null;
  els.timelines.addEventListener('mouseover', (e) => {
    const target = (e.target as Element).closest('.move-mark, .receipt-mark, .seg');
    const mark = target ? marks.get(target) : undefined;
    if (!target || !mark) {
      shown = null;
      hide();
      return;
    }
    if (target !== shown) {
      shown = target;
      const c = cardLines(model, mark);
      clear(card);
      card.appendChild(el('div', 'card-title', c.title));
      if (c.strong) card.appendChild(el('div', `card-strong${target.classList.contains('bad') || (mark.kind === 'segment' && c.lines.some((l) => l.startsWith('⚠'))) ? ' bad' : ''}`, c.strong));
      for (const l of c.lines) card.appendChild(el('div', l.startsWith('⚠') ? 'card-line bad' : l.startsWith('why: ') ? 'card-line why' : 'card-line', l));
      if (c.hint) card.appendChild(el('div', 'card-hint', c.hint));
      card.hidden = false;
    }
    place(e);
  });
  els.timelines.addEventListener('mousemove', (e) => {
    if (!card.hidden) place(e);
  });
  els.timelines.addEventListener('mouseleave', () => {
    shown = null;
    hide();
  });
  window.addEventListener('scroll', hide, { passive: true });

  els.timelines.addEventListener('click', (e) => {
    const track = (e.target as Element).closest('.track');
    if (!track || !model.state) return;
    const move = (e.target as Element).closest<HTMLElement>('.move-mark, .receipt-mark');
    if (move?.dataset.ms) {
      actions.setMoment(Number(move.dataset.ms), { now: true, zoom: true });
      return;
    }
    const box = track.getBoundingClientRect();
    // A click next to a move means that move.
    for (const m of track.querySelectorAll<HTMLElement>('.move-mark')) {
      const x = m.getBoundingClientRect().left + m.offsetWidth / 2;
      if (Math.abs(x - e.clientX) <= SNAP_PX && m.dataset.ms) {
        actions.setMoment(Number(m.dataset.ms), { now: true, zoom: true });
        return;
      }
    }
    const ms = model.timeAt((e.clientX - box.left) / Math.max(1, box.width));
    actions.setMoment(Math.round(ms / MINUTE) * MINUTE, { now: true, zoom: true });
  });

  els.timelines.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    const row = trackRows.get(e.target as Element);
    if (!row) return;
    e.preventDefault();
    const at = model.currentMoment();
    const moves = row.segments.map((s) => s.fromMs).filter((m): m is number => m !== null);
    const next = e.key === 'ArrowLeft' ? [...moves].reverse().find((m) => m < at) : moves.find((m) => m > at);
    if (next !== undefined) actions.setMoment(next, { now: true, zoom: true });
  });
}

