// @ts-check
// The Edgit deployment timeline page (webview). Plain JS, no framework, no network.
// Every piece of data arrives by postMessage (src/extension/timeline/protocol.ts) and is written
// with textContent / DOM properties only: never innerHTML, never inline styles in markup (the
// CSP forbids them; positions are set through element.style, the CSSOM, which it allows).

/** @typedef {import('../src/extension/timeline/protocol').ToPage} ToPage */
/** @typedef {import('../src/extension/timeline/protocol').FromPage} FromPage */
/** @typedef {import('../src/extension/timeline/protocol').TimelineState} TimelineState */
/** @typedef {import('../src/extension/timeline/protocol').MomentView} MomentView */
/** @typedef {import('../src/extension/timeline/protocol').CellView} CellView */
/** @typedef {import('../src/extension/timeline/protocol').RowView} RowView */
/** @typedef {import('../src/extension/timeline/protocol').SegmentView} SegmentView */
/** @typedef {import('../src/extension/timeline/protocol').EventView} EventView */
/** @typedef {import('../src/extension/timeline/protocol').EventFilter} EventFilter */
/** @typedef {import('../src/extension/timeline/protocol').PageState} PageState */

(function () {
  'use strict';

  const PROTOCOL = 1;
  /** @type {{ postMessage(m: FromPage): void; getState(): unknown; setState(s: PageState): void }} */
  const host = /** @type {any} */ (globalThis).acquireVsCodeApi();

  const EVIDENCE_TEXT = {
    recorded: 'recorded',
    observed: 'observed',
    'unchanged-since': 'unchanged since',
    unknown: 'unknown',
  };

  // ---- kept state (getState/setState): survives hiding the panel and reloading the window ----
  const kept = readKept(host.getState());
  /** null: follow "now". */
  let atMs = kept.atMs;
  /** @type {EventFilter} */
  let filter = kept.filter;
  let root = kept.root;
  /** The zoomed window of the timelines; null: the whole span. @type {{ startMs: number, endMs: number } | null} */
  let view = kept.view;
  /** @type {TimelineState | null} */
  let state = null;
  /** @type {MomentView | null} */
  let moment = null;
  let busy = false;
  /** @type {string | null} */
  let recreateSource = null;

  /** @param {unknown} raw @returns {{ atMs: number | null, filter: EventFilter, root: string, view: { startMs: number, endMs: number } | null }} */
  function readKept(raw) {
    const s = /** @type {any} */ (raw);
    const ok = s && typeof s === 'object' && s.v === PROTOCOL;
    const f = ok && s.filter && typeof s.filter === 'object' ? s.filter : {};
    return {
      atMs: ok && typeof s.atMs === 'number' && Number.isFinite(s.atMs) ? s.atMs : null,
      filter: {
        environment: typeof f.environment === 'string' ? f.environment : null,
        componentKey: typeof f.componentKey === 'string' ? f.componentKey : null,
      },
      root: ok && typeof s.root === 'string' ? s.root : '',
      view:
        ok && s.view && typeof s.view.startMs === 'number' && typeof s.view.endMs === 'number' && s.view.startMs < s.view.endMs
          ? { startMs: s.view.startMs, endMs: s.view.endMs }
          : null,
    };
  }

  function keep() {
    host.setState({ v: PROTOCOL, root, atMs, filter, view });
  }

  /** @param {FromPage} message */
  function post(message) {
    host.postMessage(message);
  }

  // ---- DOM helpers: text only ----
  /** @param {string} id */
  function byId(id) {
    const e = document.getElementById(id);
    if (!e) throw new Error(`missing #${id}`);
    return e;
  }

  /**
   * @param {string} tag
   * @param {string} [className]
   * @param {string | number | null} [text]
   */
  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  /** @param {HTMLElement} e */
  function clear(e) {
    while (e.firstChild) e.removeChild(e.firstChild);
  }

  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');

  /** `2025-03-05 14:47:00` in the viewer's local time. @param {number} ms */
  function when(ms) {
    const d = new Date(ms);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }

  /** The value a datetime-local input takes (local time, seconds). @param {number} ms */
  function toLocalInput(ms) {
    return when(ms).replace(' ', 'T');
  }

  /** @param {string} value */
  function fromLocalInput(value) {
    if (!value) return NaN;
    return new Date(value.length === 16 ? `${value}:00` : value).getTime();
  }

  function zoneLabel() {
    const minutes = -new Date().getTimezoneOffset();
    const sign = minutes >= 0 ? '+' : '-';
    const abs = Math.abs(minutes);
    return `local time, UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }

  // ---- elements ----
  const title = byId('title');
  const statusLine = byId('status');
  const momentInput = /** @type {HTMLInputElement} */ (byId('moment-input'));
  const slider = /** @type {HTMLInputElement} */ (byId('moment-slider'));
  const nowButton = /** @type {HTMLButtonElement} */ (byId('moment-now'));
  const prevButton = /** @type {HTMLButtonElement} */ (byId('moment-prev'));
  const nextButton = /** @type {HTMLButtonElement} */ (byId('moment-next'));
  const compareButton = /** @type {HTMLButtonElement} */ (byId('compare-now'));
  const recreateButton = /** @type {HTMLButtonElement} */ (byId('recreate'));
  const recreateSelect = /** @type {HTMLSelectElement} */ (byId('recreate-source'));
  const refreshButton = /** @type {HTMLButtonElement} */ (byId('refresh'));
  const envFilter = /** @type {HTMLSelectElement} */ (byId('filter-environment'));
  const componentFilter = /** @type {HTMLSelectElement} */ (byId('filter-component'));
  const momentSummary = byId('moment-summary');
  const momentBody = /** @type {HTMLElement} */ (byId('moment-table').querySelector('tbody'));
  const axis = byId('axis');
  const timelines = byId('timelines');
  const zoomIn = /** @type {HTMLButtonElement} */ (byId('zoom-in'));
  const zoomOut = /** @type {HTMLButtonElement} */ (byId('zoom-out'));
  const zoomFit = /** @type {HTMLButtonElement} */ (byId('zoom-fit'));
  const zoomRange = byId('zoom-range');
  const eventsSummary = byId('events-summary');
  const eventsBody = /** @type {HTMLElement} */ (byId('events-table').querySelector('tbody'));

  const zone = document.querySelector('label[for="moment-input"]');
  if (zone) zone.setAttribute('title', zoneLabel());

  // ---- the moment ----
  function currentMoment() {
    if (atMs !== null) return atMs;
    if (state) return state.nowMs;
    return Date.now();
  }

  /** The window the timelines and the slider show: the zoomed view within the span, else the span. */
  function windowOf() {
    if (!state) return { startMs: 0, endMs: 1 };
    const span = state.span;
    if (!view) return span;
    const startMs = Math.max(span.startMs, view.startMs);
    const endMs = Math.min(span.endMs, view.endMs);
    return endMs - startMs >= MIN_WINDOW ? { startMs, endMs } : span;
  }

  /** Where `ms` falls in the window, 0..100. @param {number} ms */
  function pct(ms) {
    if (!state) return 0;
    const { startMs, endMs } = windowOf();
    const p = ((ms - startMs) / (endMs - startMs)) * 100;
    return Math.max(0, Math.min(100, p));
  }

  const MIN_WINDOW = 60 * 1000;

  /** Zooms around the moment by `factor` (< 1: in). @param {number} factor */
  function zoom(factor) {
    if (!state) return;
    const span = state.span;
    const w = windowOf();
    const width = Math.max(MIN_WINDOW, (w.endMs - w.startMs) * factor);
    if (width >= span.endMs - span.startMs) {
      view = null;
    } else {
      const center = Math.max(w.startMs, Math.min(w.endMs, currentMoment()));
      let startMs = center - width / 2;
      startMs = Math.max(span.startMs, Math.min(span.endMs - width, startMs));
      view = { startMs: Math.round(startMs), endMs: Math.round(startMs + width) };
    }
    keep();
    renderAxis();
    renderTimelines();
    showMomentControls();
  }
  zoomIn.addEventListener('click', () => zoom(1 / 3));
  zoomOut.addEventListener('click', () => zoom(3));
  zoomFit.addEventListener('click', () => zoom(Infinity));

  function showMomentControls() {
    const ms = currentMoment();
    momentInput.value = toLocalInput(ms);
    if (state) {
      const w = windowOf();
      slider.min = String(w.startMs);
      slider.max = String(w.endMs);
      slider.step = '1000';
      slider.value = String(Math.max(w.startMs, Math.min(w.endMs, ms)));
    }
    nowButton.disabled = atMs === null;
    const w = windowOf();
    const outside = ms < w.startMs || ms > w.endMs;
    for (const marker of timelines.querySelectorAll('.marker')) {
      /** @type {HTMLElement} */ (marker).style.left = `${pct(ms)}%`;
      marker.classList.toggle('outside', outside);
    }
  }

  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let momentTimer;

  /** Moves the moment; asks the extension for the state then (debounced while dragging). @param {number | null} ms @param {boolean} [now] */
  function setMoment(ms, now) {
    if (ms !== null && !Number.isFinite(ms)) return;
    atMs = ms === null ? null : Math.round(ms);
    // A moment outside the zoomed window (picked in the list or typed): move the window to it.
    const target = currentMoment();
    if (view && state && (target < view.startMs || target > view.endMs)) {
      const width = view.endMs - view.startMs;
      const startMs = Math.max(state.span.startMs, Math.min(state.span.endMs - width, target - width / 2));
      view = { startMs: Math.round(startMs), endMs: Math.round(startMs + width) };
      renderAxis();
      renderTimelines();
    }
    keep();
    showMomentControls();
    if (momentTimer) clearTimeout(momentTimer);
    const send = () => {
      momentTimer = undefined;
      if (atMs === null) post({ type: 'ready', atMs: null, filter });
      else post({ type: 'setMoment', atMs });
    };
    if (now) send();
    else momentTimer = setTimeout(send, 120);
  }

  /** Every moment something moved, sorted: the prev/next buttons step through them. */
  function changeMoments() {
    if (!state) return [];
    const set = new Set();
    for (const r of visibleRows()) for (const s of r.segments) if (s.fromMs !== null) set.add(s.fromMs);
    for (const e of state.events) if (e.dated) set.add(e.atMs);
    return [...set].sort((a, b) => a - b);
  }

  momentInput.addEventListener('change', () => {
    const ms = fromLocalInput(momentInput.value);
    if (Number.isFinite(ms)) setMoment(ms, true);
  });
  slider.addEventListener('input', () => setMoment(Number(slider.value)));
  slider.addEventListener('change', () => setMoment(Number(slider.value), true));
  nowButton.addEventListener('click', () => setMoment(null, true));
  prevButton.addEventListener('click', () => {
    const ms = currentMoment();
    const before = changeMoments().filter((m) => m < ms);
    if (before.length) setMoment(before[before.length - 1], true);
  });
  nextButton.addEventListener('click', () => {
    const ms = currentMoment();
    const after = changeMoments().find((m) => m > ms);
    if (after !== undefined) setMoment(after, true);
  });

  // ---- actions ----
  compareButton.addEventListener('click', () => post({ type: 'compareWithNow', atMs: currentMoment() }));
  recreateButton.addEventListener('click', () => {
    const source = recreateSelect.value;
    if (source) post({ type: 'recreate', atMs: currentMoment(), sourceEnvironment: source });
  });
  recreateSelect.addEventListener('change', () => {
    recreateSource = recreateSelect.value || null;
  });
  refreshButton.addEventListener('click', () => post({ type: 'refresh' }));

  function onFilterChange() {
    filter = { environment: envFilter.value || null, componentKey: componentFilter.value || null };
    keep();
    renderTimelines();
    renderMoment();
    post({ type: 'setFilter', filter });
  }
  envFilter.addEventListener('change', onFilterChange);
  componentFilter.addEventListener('change', onFilterChange);

  function setBusy(/** @type {boolean} */ on, /** @type {string | null} */ what) {
    busy = on;
    for (const b of [compareButton, recreateButton, refreshButton]) b.disabled = on || !state;
    document.body.classList.toggle('busy', on);
    if (on) setStatus('info', `${what || 'Working'}…`);
    else if (statusLine.dataset.level === 'info' && statusLine.textContent && statusLine.textContent.endsWith('…')) setStatus('info', '');
  }

  function setStatus(/** @type {'info' | 'error'} */ level, /** @type {string} */ message) {
    statusLine.dataset.level = level;
    statusLine.textContent = message;
  }

  // ---- filters ----
  /** @param {HTMLSelectElement} select @param {string} allText @param {{ value: string, text: string }[]} options @param {string | null} selected */
  function fillSelect(select, allText, options, selected) {
    clear(select);
    if (allText) select.appendChild(new Option(allText, ''));
    for (const o of options) select.appendChild(new Option(o.text, o.value));
    select.value = selected !== null && options.some((o) => o.value === selected) ? selected : allText ? '' : (options[0] && options[0].value) || '';
  }

  /** @param {{ componentKey: string, environment: string }} x */
  function passes(x) {
    return (filter.environment === null || x.environment === filter.environment) && (filter.componentKey === null || x.componentKey === filter.componentKey);
  }

  function visibleRows() {
    return state ? state.rows.filter(passes) : [];
  }

  // ---- rendering ----
  /** @param {TimelineState} next */
  function onState(next) {
    if (!next || next.protocol !== PROTOCOL) return;
    state = next;
    moment = next.moment;
    root = next.repository.root;
    filter = next.filter;
    keep();
    title.textContent = `Deployment timeline · ${next.repository.name}`;
    const envs = next.environments.map((e) => ({ value: e, text: e }));
    fillSelect(envFilter, 'All environments', envs, filter.environment);
    fillSelect(componentFilter, 'All components', next.components.map((c) => ({ value: c.key, text: c.legacy ? `${c.id} (legacy)` : c.id })), filter.componentKey);
    const preferred = recreateSource && next.environments.includes(recreateSource) ? recreateSource : next.environments.includes('production') ? 'production' : null;
    fillSelect(recreateSelect, '', envs, preferred);
    setBusy(busy, null);
    renderAxis();
    renderTimelines();
    renderMoment();
    renderEvents();
    showMomentControls();
    reportRendered();
  }

  /** @param {MomentView} next */
  function onMoment(next) {
    if (!next || !state) return;
    if (atMs !== null && next.atMs !== atMs) return; // an answer for a moment already left
    moment = next;
    renderMoment();
    showMomentControls();
    reportRendered();
  }

  function reportRendered() {
    post({
      type: 'rendered',
      rows: timelines.querySelectorAll('.row').length,
      events: eventsBody.querySelectorAll('tr').length,
      cells: momentBody.querySelectorAll('tr').length,
    });
  }

  function renderAxis() {
    clear(axis);
    zoomRange.textContent = '';
    if (!state) return;
    const { startMs, endMs } = windowOf();
    zoomFit.disabled = !view;
    zoomRange.textContent = view ? `${when(startMs).slice(0, 16)} – ${when(endMs).slice(0, 16)}` : 'the whole history';
    for (const f of [0, 0.25, 0.5, 0.75, 1]) {
      const tick = el('span', 'tick', when(startMs + (endMs - startMs) * f).slice(0, 16));
      tick.style.left = `${f * 100}%`;
      if (f === 1) tick.classList.add('last');
      axis.appendChild(tick);
    }
  }

  /** @param {SegmentView} s */
  function segmentText(s) {
    if (!s.present) return 'absent';
    return s.version || s.commit || '?';
  }

  /** @param {RowView} row @param {SegmentView} s */
  function segmentTitle(row, s) {
    const lines = [`${row.componentId} · ${row.environment}: ${segmentText(s)}${s.commit && s.version ? ` (${s.commit})` : ''}`];
    lines.push(`from ${s.fromMs === null ? 'an unknown moment' : when(s.fromMs)} to ${s.toMs === null ? 'now' : when(s.toMs)}`);
    lines.push(`evidence: ${EVIDENCE_TEXT[s.evidence] || s.evidence}${s.action ? ` (${s.action})` : ''}`);
    if (s.who) lines.push(`by ${s.who}`);
    if (s.why) lines.push(`why: ${s.why}`);
    return lines.join('\n');
  }

  function renderTimelines() {
    clear(timelines);
    if (!state) return;
    const rows = visibleRows();
    if (!rows.length) {
      timelines.appendChild(el('p', 'empty', state.rows.length ? 'No timeline matches the filter.' : 'No environment has a history yet.'));
      return;
    }
    const { startMs, endMs } = windowOf();
    let lastComponent = '';
    for (const row of rows) {
      if (row.componentKey !== lastComponent) {
        lastComponent = row.componentKey;
        timelines.appendChild(el('div', 'component-heading', row.componentId));
      }
      const line = el('div', 'row');
      line.dataset.component = row.componentKey;
      line.dataset.environment = row.environment;
      const label = el('div', 'row-label', row.environment);
      label.title = `${row.componentId} · ${row.environment}${row.omittedSegments ? ` (${row.omittedSegments} older positions not shown)` : ''}`;
      line.appendChild(label);
      const track = el('div', 'track');
      track.setAttribute('role', 'group');
      track.setAttribute('aria-label', `${row.componentId} ${row.environment} timeline`);
      // Before the first known position: nothing is known.
      const first = row.segments[0];
      const knownFrom = first ? (first.fromMs ?? first.toMs ?? state.span.endMs) : state.span.endMs;
      if (knownFrom > startMs && pct(knownFrom) > 0) {
        // Before the first position sent: older positions left out, or nothing known at all.
        const omitted = row.omittedSegments > 0;
        const before = el('div', omitted ? 'segment omitted before' : 'segment evidence-unknown before', omitted ? `${row.omittedSegments} older` : null);
        before.style.left = '0%';
        before.style.width = `${pct(knownFrom)}%`;
        before.title = omitted ? `${row.omittedSegments} older positions are not shown here (see the events list)` : 'unknown: nothing recorded before this';
        track.appendChild(before);
      }
      for (const s of row.segments) {
        const from = s.fromMs ?? (s.toMs !== null ? s.toMs : state.span.endMs);
        const to = s.toMs ?? state.span.endMs;
        if (to < startMs || from > endMs) continue; // outside the zoomed window
        const seg = /** @type {HTMLButtonElement} */ (el('button', `segment evidence-${s.evidence}${s.present ? '' : ' absent'}${s.fromMs === null ? ' undated' : ''}`, segmentText(s)));
        seg.type = 'button';
        seg.style.left = `${pct(from)}%`;
        seg.style.width = `${Math.max(0, pct(to) - pct(from))}%`;
        seg.title = segmentTitle(row, s);
        seg.setAttribute('aria-label', seg.title.replace(/\n/g, '; '));
        if (s.fromMs !== null) {
          const at = s.fromMs;
          seg.addEventListener('click', () => setMoment(at, true));
        }
        track.appendChild(seg);
      }
      const marker = el('div', 'marker');
      const at = currentMoment();
      if (at < startMs || at > endMs) marker.classList.add('outside');
      marker.setAttribute('aria-hidden', 'true');
      marker.style.left = `${pct(currentMoment())}%`;
      track.appendChild(marker);
      line.appendChild(track);
      timelines.appendChild(line);
    }
  }

  /** @param {CellView} c */
  function thenText(c) {
    if (c.evidence === 'unknown') return c.candidates.length ? `${c.candidates.join(' or ')}?` : 'unknown';
    if (!c.present) return 'absent';
    return c.version || c.commit || '?';
  }

  function renderMoment() {
    clear(momentBody);
    if (!state || !moment) return;
    const cells = moment.cells.filter(passes);
    const c = moment.counts;
    momentSummary.textContent =
      `At ${when(moment.atMs)} (${zoneLabel()}): ${c.recorded} recorded, ${c.observed} observed, ${c['unchanged-since']} unchanged since their tag date, ` +
      `${c.unknown} unknown · ${moment.changed} differ from now.`;
    if (!cells.length) {
      const tr = el('tr');
      const td = el('td', 'empty', moment.cells.length ? 'Nothing matches the filter.' : 'No component has an environment yet.');
      /** @type {HTMLTableCellElement} */ (td).colSpan = 7;
      tr.appendChild(td);
      momentBody.appendChild(tr);
      return;
    }
    for (const cell of cells) {
      const tr = el('tr', cell.changedSince ? 'changed' : '');
      tr.dataset.component = cell.componentKey;
      tr.dataset.environment = cell.environment;
      tr.dataset.evidence = cell.evidence;
      tr.appendChild(el('td', 'component', cell.componentId));
      tr.appendChild(el('td', 'environment', cell.environment));
      tr.appendChild(el('td', `then${cell.evidence === 'unknown' ? ' unknown' : ''}`, thenText(cell)));
      const badgeCell = el('td');
      badgeCell.appendChild(el('span', `badge evidence-${cell.evidence}`, EVIDENCE_TEXT[cell.evidence] || cell.evidence));
      tr.appendChild(badgeCell);
      const details = [];
      if (cell.sinceMs !== null) details.push(`since ${when(cell.sinceMs)}`);
      if (cell.by) details.push(`by ${cell.by}`);
      if (cell.reason) details.push(`why: ${cell.reason}`);
      if (cell.note) details.push(cell.note);
      tr.appendChild(el('td', 'details', details.join(' · ')));
      tr.appendChild(el('td', 'now', `${cell.now || 'absent'}${cell.changedSince ? ' (changed)' : ''}`));
      const actions = el('td');
      const open = /** @type {HTMLButtonElement} */ (el('button', 'secondary small', 'Open'));
      open.type = 'button';
      open.disabled = !cell.canOpen;
      open.title = cell.canOpen ? `Open ${cell.componentId} as ${cell.environment} had it then (read-only)` : 'Nothing known to open at this moment';
      open.addEventListener('click', () => post({ type: 'openAt', atMs: moment ? moment.atMs : currentMoment(), componentKey: cell.componentKey, environment: cell.environment }));
      actions.appendChild(open);
      tr.appendChild(actions);
      momentBody.appendChild(tr);
    }
  }

  function renderEvents() {
    clear(eventsBody);
    if (!state) return;
    const shown = state.events.length;
    eventsSummary.textContent =
      state.eventsTotal > shown ? `The newest ${shown} of ${state.eventsTotal} events.` : `${state.eventsTotal} event${state.eventsTotal === 1 ? '' : 's'}.`;
    if (state.historyProblems) eventsSummary.textContent += ` ${state.historyProblems} unreadable history entries were skipped.`;
    if (!shown) {
      const tr = el('tr');
      const td = el('td', 'empty', state.historySize ? 'No event matches the filter.' : 'No deployment history yet: moves made from Edgit are recorded from now on.');
      /** @type {HTMLTableCellElement} */ (td).colSpan = 7;
      tr.appendChild(td);
      eventsBody.appendChild(tr);
      return;
    }
    for (const e of state.events) {
      const tr = el('tr', `event kind-${e.kind}`);
      tr.tabIndex = 0;
      tr.title = `Show the state right after this move${e.batch ? ` (batch ${e.batch})` : ''}`;
      tr.appendChild(el('td', 'when', `${e.dated ? '' : '≤ '}${when(e.atMs)}`));
      tr.appendChild(el('td', 'component', e.componentId));
      tr.appendChild(el('td', 'environment', e.environment));
      tr.appendChild(el('td', 'move', `${e.from} → ${e.to}`));
      tr.appendChild(el('td', 'who', e.by || ''));
      tr.appendChild(el('td', 'why', e.reason || ''));
      const kind = el('td');
      kind.appendChild(el('span', `badge evidence-${e.kind}`, e.kind === 'recorded' ? e.action : 'observed'));
      tr.appendChild(kind);
      const go = () => setMoment(e.atMs, true);
      tr.addEventListener('click', go);
      tr.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault();
          go();
        }
      });
      eventsBody.appendChild(tr);
    }
  }

  /** @param {string} message */
  function showUnavailable(message) {
    state = null;
    moment = null;
    clear(timelines);
    clear(momentBody);
    clear(eventsBody);
    momentSummary.textContent = '';
    eventsSummary.textContent = '';
    setBusy(false, null);
    setStatus('error', message);
  }

  // ---- wiring ----
  window.addEventListener('message', (event) => {
    /** @type {ToPage} */
    const m = event.data;
    if (!m || typeof m !== 'object') return;
    switch (m.type) {
      case 'state':
        onState(m.state);
        break;
      case 'moment':
        onMoment(m.moment);
        break;
      case 'busy':
        setBusy(!!m.busy, typeof m.what === 'string' ? m.what : null);
        break;
      case 'status':
        setStatus(m.level === 'error' ? 'error' : 'info', String(m.message));
        break;
      case 'unavailable':
        showUnavailable(String(m.message));
        break;
    }
  });

  document.addEventListener('securitypolicyviolation', (e) => {
    post({ type: 'cspViolation', directive: String(e.violatedDirective || ''), blocked: String(e.blockedURI || '') });
  });

  setBusy(false, null);
  showMomentControls();
  post({ type: 'ready', atMs, filter });
})();
