import { SHOWN_ROWS_LIMIT } from '../../extension/timeline/protocol';
import type { FromPage, ShownRow } from '../../extension/timeline/protocol';
import type { PageElements } from './elements';
import type { PageModel } from './model';

/** The protocol's bound on a text in a message from the page. */
const MAX_TEXT = 300;

function shown(table: ShownRow['table'], body: HTMLElement, textOf: (tr: HTMLTableRowElement) => string): ShownRow[] {
  const out: ShownRow[] = [];
  for (const tr of body.querySelectorAll<HTMLTableRowElement>('tr[data-component]')) {
    if (out.length >= SHOWN_ROWS_LIMIT) break;
    const componentKey = tr.dataset.component ?? '';
    const environment = tr.dataset.environment ?? '';
    out.push({
      table,
      componentKey,
      environment,
      text: textOf(tr).slice(0, MAX_TEXT),
      times: [...tr.querySelectorAll('time')].slice(0, 8).map((t) => t.title.slice(0, MAX_TEXT)),
    });
  }
  return out;
}

const cellText = (tr: HTMLTableRowElement, className: string): string => tr.querySelector(`td.${className}`)?.textContent ?? '';

/** What the page drew, read back from the DOM (for the extension's tests and logs). */
export function renderedReport(els: PageElements, model: PageModel, since?: number): FromPage {
  return {
    ...(since === undefined ? {} : { workMs: performance.now() - since }),
    type: 'rendered',
    rows: els.timelines.querySelectorAll('.row').length,
    events: els.eventsBody.querySelectorAll('tr').length,
    cells: els.momentBody.querySelectorAll('tr[data-component]').length,
    rowsMatching: model.rowsMatching,
    cellsMatching: model.cellsMatching,
    receiptMarks: els.timelines.querySelectorAll('.receipt-mark').length,
    shown: [...shown('cell', els.momentBody, (tr) => cellText(tr, 'details')), ...shown('event', els.eventsBody, (tr) => cellText(tr, 'when'))],
  };
}
