import type { EventView } from '../../extension/timeline/protocol';
import { clear, el, timeElement } from './dom';
import type { PageElements } from './elements';
import type { PageModel } from './model';
import type { PageActions } from './pageActions';
import { exact } from './time';

/**
 * The events, newest first: when (readable, exact in the tooltip), what moved where, who, why,
 * and the kind. A row moves the moment to right after its move. `eventRow` builds one row on its
 * own, so a virtualized list can build only the rows in view.
 */

const COLUMNS = 7;

export function renderEvents(model: PageModel, els: PageElements, actions: PageActions): void {
  clear(els.eventsBody);
  const state = model.state;
  if (!state) return;
  const shown = state.events.length;
  els.eventsSummary.textContent =
    state.eventsTotal > shown ? `The newest ${shown} of ${state.eventsTotal} events.` : `${state.eventsTotal} event${state.eventsTotal === 1 ? '' : 's'}.`;
  const skipped = state.skipped;
  els.eventsSummary.title = skipped.map((p) => `${p.where}: ${p.what}`).join('\n');
  if (skipped.length) els.eventsSummary.textContent += ` ⚠ ${skipped.length} item${skipped.length === 1 ? '' : 's'} skipped as unreadable or contradicting git (${skipped[0].where}${skipped.length > 1 ? ', …' : ''}); hover for the list.`;
  if (!shown) {
    const tr = el('tr');
    const td = el('td', 'empty', state.historySize ? 'No event matches the filter.' : 'No deployment history yet: moves made from Edgit are recorded from now on.');
    td.colSpan = COLUMNS;
    tr.appendChild(td);
    els.eventsBody.appendChild(tr);
    return;
  }
  for (const e of state.events) els.eventsBody.appendChild(eventRow(e, actions));
}

function eventRow(e: EventView, actions: PageActions): HTMLTableRowElement {
  const tr = el('tr', `event kind-${e.kind}`);
  tr.dataset.component = e.componentKey;
  tr.dataset.environment = e.environment;
  tr.tabIndex = 0;
  tr.title = `Show the state right after this move${e.batch ? ` (batch ${e.batch})` : ''}`;
  const when = el('td', 'when');
  if (!e.dated) when.appendChild(document.createTextNode('≤ '));
  // Undated: the move was seen at atMs and happened earlier.
  when.appendChild(timeElement(e.atMs, undefined, e.dated ? exact(e.atMs) : `${exact(e.atMs)} or earlier (seen then, not dated)`));
  tr.appendChild(when);
  // One line each; what does not fit is in the cell's tooltip.
  for (const [className, text] of [
    ['component', e.componentId],
    ['environment', e.environment],
    ['move', `${e.from} → ${e.to}`],
    ['who', e.by || ''],
    ['why', e.reason || ''],
  ] as const) {
    const td = el('td', className, text);
    if (text) td.title = text;
    tr.appendChild(td);
  }
  const kind = el('td', 'kind');
  kind.appendChild(el('span', `badge evidence-${e.kind}`, e.kind === 'recorded' ? e.action : 'observed'));
  tr.appendChild(kind);
  const go = (): void => actions.setMoment(e.atMs, { now: true, zoom: true });
  tr.addEventListener('click', go);
  tr.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      go();
    }
  });
  return tr;
}
