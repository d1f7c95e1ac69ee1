import { byId, child } from './dom';

/** The page's fixed elements (the skeleton in src/extension/timeline/timelineHtml.ts; tests select these ids). */
export interface PageElements {
  readonly title: HTMLElement;
  readonly status: HTMLElement;
  readonly momentLabel: HTMLLabelElement | null;
  readonly momentInput: HTMLInputElement;
  readonly slider: HTMLInputElement;
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
  readonly momentFilter: HTMLInputElement;
  readonly momentBody: HTMLTableSectionElement;
  readonly axis: HTMLElement;
  readonly timelines: HTMLElement;
  readonly zoomIn: HTMLButtonElement;
  readonly zoomOut: HTMLButtonElement;
  readonly zoomFit: HTMLButtonElement;
  readonly zoomRange: HTMLElement;
  readonly eventsSummary: HTMLElement;
  readonly eventsBody: HTMLTableSectionElement;
}

export function pageElements(): PageElements {
  return {
    title: byId('title', HTMLElement),
    status: byId('status', HTMLElement),
    momentLabel: document.querySelector<HTMLLabelElement>('label[for="moment-input"]'),
    momentInput: byId('moment-input', HTMLInputElement),
    slider: byId('moment-slider', HTMLInputElement),
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
    momentFilter: byId('moment-filter', HTMLInputElement),
    momentBody: child(byId('moment-table', HTMLTableElement), 'tbody', HTMLTableSectionElement),
    axis: byId('axis', HTMLElement),
    timelines: byId('timelines', HTMLElement),
    zoomIn: byId('zoom-in', HTMLButtonElement),
    zoomOut: byId('zoom-out', HTMLButtonElement),
    zoomFit: byId('zoom-fit', HTMLButtonElement),
    zoomRange: byId('zoom-range', HTMLElement),
    eventsSummary: byId('events-summary', HTMLElement),
    eventsBody: child(byId('events-table', HTMLTableElement), 'tbody', HTMLTableSectionElement),
  };
}
