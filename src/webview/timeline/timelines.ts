import type { RowView, SegmentView } from '../../extension/timeline/protocol';
import { button, clear, el } from './dom';
import type { PageElements } from './elements';
import type { PageModel } from './model';
import { EVIDENCE_TEXT, PageActions } from './pageActions';
import { namespaceOf } from '../../extension/timeline/naturalOrder';
import { ROWS_REQUEST_LIMIT } from '../../extension/timeline/protocol';
import { PAGE_SIZE, showMoreButton } from './paging';
import { exact, readable, readableShort } from './time';

/**
 * The horizontal timelines: one track per component and environment, a segment per position,
 * placed by percent of the shown window (element.style, which the CSP allows), and the axis.
 * `timelineRow` builds one row on its own, so a virtualized list can build only the rows in view.
 */

export function renderAxis(model: PageModel, els: PageElements): void {
  clear(els.axis);
  els.zoomRange.textContent = '';
  if (!model.state) return;
  const { startMs, endMs } = model.windowOf();
  els.zoomFit.disabled = !model.view;
  els.zoomRange.textContent = model.view ? `${readableShort(startMs)} – ${readableShort(endMs)}` : 'the whole history';
  els.zoomRange.title = model.view ? `${exact(startMs)} – ${exact(endMs)}` : '';
  for (const f of [0, 0.25, 0.5, 0.75, 1]) {
    const ms = startMs + (endMs - startMs) * f;
    const tick = el('span', 'tick', readableShort(ms));
    tick.style.left = `${f * 100}%`;
    if (f === 1) tick.classList.add('last');
    els.axis.appendChild(tick);
  }
}

function segmentText(s: SegmentView): string {
  if (!s.present) return 'absent';
  return s.version || s.commit || '?';
}

function segmentTitle(row: RowView, s: SegmentView): string {
  const lines = [`${row.componentId} · ${row.environment}: ${segmentText(s)}${s.commit && s.version ? ` (${s.commit})` : ''}`];
  lines.push(`from ${s.fromMs === null ? 'an unknown moment' : readable(s.fromMs)} to ${s.toMs === null ? 'now' : readable(s.toMs)}`);
  if (s.fromMs !== null || s.toMs !== null) {
    lines.push(`exactly ${s.fromMs === null ? '?' : exact(s.fromMs)} – ${s.toMs === null ? 'now' : exact(s.toMs)}`);
  }
  lines.push(`evidence: ${EVIDENCE_TEXT[s.evidence]}${s.action ? ` (${s.action})` : ''}`);
  if (s.who) lines.push(`by ${s.who}`);
  if (s.why) lines.push(`why: ${s.why}`);
  return lines.join('\n');
}

export function renderTimelines(model: PageModel, els: PageElements, actions: PageActions): void {
  clear(els.timelines);
  const state = model.state;
  if (!state) return;
  const rows = model.matchingRows();
  model.rowsMatching = rows.length;
  if (!rows.length) {
    els.timelines.appendChild(el('p', 'empty', state.rows.length ? 'No timeline matches the filter.' : 'No environment has a history yet.'));
    return;
  }
  const lines = document.createDocumentFragment();
  let lastComponent = '';
  let lastNamespace: string | null = null;
  const shown = rows.slice(0, model.rowLimit);
  for (const row of shown) {
    const namespace = namespaceOf(row.componentId);
    if (namespace !== lastNamespace) {
      lastNamespace = namespace;
      lines.appendChild(el('div', 'namespace-heading', namespace));
    }
    if (row.componentKey !== lastComponent) {
      lastComponent = row.componentKey;
      lines.appendChild(el('div', 'component-heading', row.componentId));
    }
    lines.appendChild(timelineRow(row, model, actions));
  }
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

/** One row: the environment's label and its track of segments, with the moment's marker. */
export function timelineRow(row: RowView, model: PageModel, actions: PageActions): HTMLElement {
  const spanEnd = model.state ? model.state.span.endMs : Date.now();
  const { startMs, endMs } = model.windowOf();
  const line = el('div', 'row');
  line.dataset.component = row.componentKey;
  line.dataset.environment = row.environment;
  const label = el('div', 'row-label', row.environment);
  label.title = `${row.componentId} · ${row.environment}${row.omittedSegments ? ` (${row.omittedSegments} older positions not shown)` : ''}`;
  line.appendChild(label);
  const track = el('div', 'track');
  track.setAttribute('role', 'group');
  track.setAttribute('aria-label', `${row.componentId} ${row.environment} timeline`);
  if (row.segmentsPending) {
    const loading = el('div', 'segment pending', 'loading…');
    loading.style.left = '0%';
    loading.style.width = '100%';
    track.appendChild(loading);
    line.appendChild(track);
    return line;
  }
  // Before the first position sent: older positions left out, or nothing known at all.
  const first = row.segments[0];
  const knownFrom = first ? (first.fromMs ?? first.toMs ?? spanEnd) : spanEnd;
  if (knownFrom > startMs && model.pct(knownFrom) > 0) {
    const omitted = row.omittedSegments > 0;
    const before = el('div', omitted ? 'segment omitted before' : 'segment evidence-unknown before', omitted ? `${row.omittedSegments} older` : null);
    before.style.left = '0%';
    before.style.width = `${model.pct(knownFrom)}%`;
    before.title = omitted ? `${row.omittedSegments} older positions are not shown here (see the events list)` : 'unknown: nothing recorded before this';
    track.appendChild(before);
  }
  for (const s of row.segments) {
    const from = s.fromMs ?? (s.toMs !== null ? s.toMs : spanEnd);
    const to = s.toMs ?? spanEnd;
    if (to < startMs || from > endMs) continue; // outside the zoomed window
    const seg = button(`segment evidence-${s.evidence}${s.present ? '' : ' absent'}${s.fromMs === null ? ' undated' : ''}`, segmentText(s));
    seg.style.left = `${model.pct(from)}%`;
    seg.style.width = `${Math.max(0, model.pct(to) - model.pct(from))}%`;
    seg.title = segmentTitle(row, s);
    seg.setAttribute('aria-label', seg.title.replace(/\n/g, '; '));
    if (s.fromMs !== null) {
      const at = s.fromMs;
      seg.addEventListener('click', () => actions.setMoment(at, true));
    }
    track.appendChild(seg);
  }
  const at = model.currentMoment();
  const marker = el('div', 'marker');
  if (at < startMs || at > endMs) marker.classList.add('outside');
  marker.setAttribute('aria-hidden', 'true');
  marker.style.left = `${model.pct(at)}%`;
  track.appendChild(marker);
  line.appendChild(track);
  return line;
}
