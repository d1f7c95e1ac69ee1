import { byId, child } from './dom';

/** The page's fixed elements (the skeleton in src/extension/timeline/timelineHtml.ts; tests select these ids). */
export interface PageElements {
  readonly title: HTMLElement;
  readonly status: HTMLElement;
  readonly momentLabel: HTMLLabelElement | null;
  readonly momentInput: HTMLInputElement;
  readonly momentZone: HTMLElement;
  readonly momentHint: HTMLElement;
  readonly nowButton: HTMLButtonElement;
  readonly prevButton: HTMLButtonElement;
  readonly nextButton: HTMLButtonElement;
  readonly compareButton: HTMLButtonElement;
  readonly recreateButton: HTMLButtonElement;
  readonly recreateSelect: HTMLSelectElement;
  readonly refreshButton: HTMLButtonElement;
  readonly envFilter: HTMLSelectElement;
  readonly componentFilter: HTMLSelectElement;
  readonly momentSummary: HTMLElement;
  readonly staleNotice: HTMLElement;
  readonly staleText: HTMLElement;
  readonly staleFetch: HTMLButtonElement;
  readonly momentFilter: HTMLInputElement;
  readonly momentBody: HTMLTableSectionElement;
  readonly chart: HTMLElement;
  readonly axis: HTMLElement;
  readonly gridlines: HTMLElement;
  readonly timelines: HTMLElement;
  readonly momentLine: HTMLElement;
  readonly zoomIn: HTMLButtonElement;
  readonly zoomOut: HTMLButtonElement;
  readonly zoomFit: HTMLButtonElement;
  readonly zoomPresets: readonly HTMLButtonElement[];
  readonly zoomRange: HTMLElement;
  readonly hovercard: HTMLElement;
  /** The legend's deploy receipt entries (shown only when some deploy reported). */
  readonly legendReceipts: HTMLElement;
  readonly eventsSummary: HTMLElement;
  readonly eventsBody: HTMLTableSectionElement;
}

export function pageElements(): PageElements {
  return {
    title: byId('title', HTMLElement),
    status: byId('status', HTMLElement),
    momentLabel: document.querySelector<HTMLLabelElement>('label[for="moment-input"]'),
    momentInput: byId('moment-input', HTMLInputElement),
    momentZone: byId('moment-zone', HTMLElement),
    momentHint: byId('moment-hint', HTMLElement),
    nowButton: byId('moment-now', HTMLButtonElement),
    prevButton: byId('moment-prev', HTMLButtonElement),
    nextButton: byId('moment-next', HTMLButtonElement),
    compareButton: byId('compare-now', HTMLButtonElement),
    recreateButton: byId('recreate', HTMLButtonElement),
    recreateSelect: byId('recreate-source', HTMLSelectElement),
    refreshButton: byId('refresh', HTMLButtonElement),
    envFilter: byId('filter-environment', HTMLSelectElement),
    componentFilter: byId('filter-component', HTMLSelectElement),
    momentSummary: byId('moment-summary', HTMLElement),
    staleNotice: byId('stale-notice', HTMLElement),
    staleText: byId('stale-text', HTMLElement),
    staleFetch: byId('stale-fetch', HTMLButtonElement),
    momentFilter: byId('moment-filter', HTMLInputElement),
    momentBody: child(byId('moment-table', HTMLTableElement), 'tbody', HTMLTableSectionElement),
    chart: byId('chart', HTMLElement),
    axis: byId('axis', HTMLElement),
    gridlines: byId('gridlines', HTMLElement),
    timelines: byId('timelines', HTMLElement),
    momentLine: byId('moment-line', HTMLElement),
    zoomIn: byId('zoom-in', HTMLButtonElement),
    zoomOut: byId('zoom-out', HTMLButtonElement),
    zoomFit: byId('zoom-fit', HTMLButtonElement),
    zoomPresets: [...document.querySelectorAll<HTMLButtonElement>('.zoom .preset')],
    zoomRange: byId('zoom-range', HTMLElement),
    hovercard: byId('hovercard', HTMLElement),
    legendReceipts: byId('legend-receipts', HTMLElement),
    eventsSummary: byId('events-summary', HTMLElement),
    eventsBody: child(byId('events-table', HTMLTableElement), 'tbody', HTMLTableSectionElement),
  };
}
