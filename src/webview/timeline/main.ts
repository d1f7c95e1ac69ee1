import { fromWire } from '../../extension/timeline/momentWire';
import type { WireToPage } from '../../extension/timeline/momentWire';
import { PROTOCOL_VERSION } from '../../extension/timeline/protocol';
import type { FromPage, MomentView, TimelineState, ToPage } from '../../extension/timeline/protocol';
import { clear } from './dom';
import { pageElements } from './elements';
import { renderEvents } from './events';
import { PageModel, readKept } from './model';
import { MomentPicker } from './momentPicker';
import type { PageActions } from './pageActions';
import { renderedReport } from './renderedReport';
import { renderStateTable } from './stateTable';
import { liftedSignature, renderAxis, renderTimelines, wireTimelines } from './timelines';
import { Toolbar } from './toolbar';
import { vscodeApi } from './vscodeApi';

/**
 * The Edgit deployment timeline page (webview): boots, keeps its state with setState, and
 * dispatches the extension's messages (src/extension/timeline/protocol.ts) to the renderers.
 * No framework, no network: every piece of data arrives by postMessage and is written with
 * textContent / DOM properties only, never innerHTML, never inline styles in markup (the CSP
 * forbids them; positions are set through element.style, the CSSOM, which it allows).
 */

const host = vscodeApi();
const els = pageElements();
const model = new PageModel(readKept(host.getState()));

const post = (message: FromPage): void => host.postMessage(message);
const keep = (): void => host.setState(model.kept());

const drawTimelines = (): void => {
  renderAxis(model, els);
  renderTimelines(model, els, actions);
};

const picker = new MomentPicker(model, els, post, keep, drawTimelines);
/** When the message being handled arrived (the report says how long the page took for it). */
let received: number | undefined;
const actions: PageActions = { setMoment: (ms, options) => picker.setMoment(ms, options), post, report: () => post(renderedReport(els, model, received)) };
wireTimelines(model, els, actions);
els.staleFetch.addEventListener('click', () => post({ type: 'fetchTags' }));

// The ticks and the bars' labels depend on the tracks' width in pixels: drawn again when it changes.
let chartWidth = 0;
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
new ResizeObserver(() => {
  const width = els.axis.clientWidth;
  if (width === chartWidth) return;
  const first = chartWidth === 0;
  chartWidth = width;
  model.trackPx = width;
  if (first || !model.state) return;
  if (resizeTimer !== undefined) clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    resizeTimer = undefined;
    drawTimelines();
    picker.show();
  }, 100);
}).observe(els.chart);
const toolbar = new Toolbar(model, els, post, () => {
  keep();
  model.firstPages();
  renderTimelines(model, els, actions);
  renderStateTable(model, els, actions);
  post({ type: 'setFilter', filter: model.filter });
});

function onState(next: TimelineState): void {
  if (!next || next.protocol !== PROTOCOL_VERSION) return;
  model.newState(next);
  model.moment = next.moment;
  model.root = next.repository.root;
  model.filter = next.filter;
  keep();
  toolbar.showState(next);
  toolbar.setBusy(model.busy, null);
  drawTimelines();
  renderStateTable(model, els, actions);
  renderEvents(model, els, actions);
  picker.show();
  actions.report();
}

function onMoment(next: MomentView): void {
  if (!next || !model.state) return;
  if (model.atMs !== null && next.atMs !== model.atMs) return; // an answer for a moment already left
  model.moment = next;
  renderStateTable(model, els, actions);
  // What moved around the moment leads the timelines: drawn again when that changes.
  if (liftedSignature(model) !== model.liftedShown) renderTimelines(model, els, actions);
  picker.show();
  actions.report();
}

/** The typed filter (the box's text, or one the extension sets): both lists from their first page. */
function applyFindText(text: string): void {
  model.findText = text;
  model.firstPages();
  renderStateTable(model, els, actions);
  renderTimelines(model, els, actions);
  actions.report();
}

/** Typing filters after a short pause (a burst of keys draws once). */
const FIND_DEBOUNCE_MS = 100;
let findTimer: ReturnType<typeof setTimeout> | undefined;
els.momentFilter.addEventListener('input', () => {
  if (findTimer !== undefined) clearTimeout(findTimer);
  findTimer = setTimeout(() => {
    findTimer = undefined;
    applyFindText(els.momentFilter.value);
  }, FIND_DEBOUNCE_MS);
});

function showUnavailable(message: string): void {
  model.state = null;
  model.moment = null;
  clear(els.timelines);
  clear(els.axis);
  clear(els.gridlines);
  els.staleNotice.hidden = true;
  clear(els.momentBody);
  clear(els.eventsBody);
  els.momentSummary.textContent = '';
  els.eventsSummary.textContent = '';
  toolbar.setBusy(false, null);
  toolbar.setStatus('error', message);
}

function dispatch(m: ToPage): void {
  switch (m.type) {
    case 'state':
      onState(m.state);
      break;
    case 'moment':
      onMoment(m.moment);
      break;
    case 'busy':
      toolbar.setBusy(!!m.busy, typeof m.what === 'string' ? m.what : null);
      break;
    case 'status':
      toolbar.setStatus(m.level === 'error' ? 'error' : 'info', String(m.message));
      break;
    case 'unavailable':
      showUnavailable(String(m.message));
      break;
    case 'rows':
      if (!model.state || !Array.isArray(m.rows)) break;
      model.mergeRows(m.rows);
      drawTimelines();
      actions.report();
      break;
    case 'findText':
      els.momentFilter.value = String(m.text);
      applyFindText(els.momentFilter.value);
      break;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const m = event.data;
  // Only the extension posts to this page; the shape is still checked before use.
  if (!m || typeof m !== 'object' || typeof (m as { type?: unknown }).type !== 'string') return;
  received = performance.now();
  dispatch(fromWire(m as WireToPage));
  received = undefined;
});

document.addEventListener('securitypolicyviolation', (e) => {
  post({ type: 'cspViolation', directive: String(e.violatedDirective || ''), blocked: String(e.blockedURI || '') });
});

toolbar.setBusy(false, null);
picker.show();
post({ type: 'ready', atMs: model.atMs, filter: model.filter });
