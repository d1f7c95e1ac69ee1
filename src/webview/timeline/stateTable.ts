import type { BadView, CellView, MomentView } from '../../extension/timeline/protocol';
import { appendJoined, button, clear, el, timeElement, timedTextNodes } from './dom';
import type { PageElements } from './elements';
import type { PageModel } from './model';
import { EVIDENCE_TEXT, PageActions } from './pageActions';
import { PAGE_SIZE, showMoreRow } from './paging';
import { cellMatches, words } from './textFilter';
import { readable, relative, zoneLabel } from './time';

/** AROUND_MS of the host (timelineState.ts), in hours, for the heading. */
const AROUND_HOURS = 6;

/**
 * The state at the moment: one table row per component and environment, with what it held then,
 * the evidence, since when and by whom (one readable time, the exact one in its tooltip), and
 * where it is now. `stateRow` builds one row on its own, so a virtualized list can build only
 * the rows in view.
 */

const COLUMNS = 7;

function thenText(c: CellView): string {
  if (c.evidence === 'unknown') return c.candidates.length ? `${c.candidates.join(' or ')}?` : 'unknown';
  if (!c.present) return 'absent';
  return c.version || c.commit || '?';
}

function summary(parent: HTMLElement, moment: MomentView): void {
  clear(parent);
  const c = moment.counts;
  parent.appendChild(document.createTextNode('At '));
  parent.appendChild(timeElement(moment.atMs));
  parent.appendChild(
    document.createTextNode(
      ` (${zoneLabel(moment.atMs)}): ${c.recorded} recorded, ${c.observed} observed, ${c['unchanged-since']} unchanged since their tag date, ` +
        `${c.unknown} unknown · ${moment.changed} differ from now.`,
    ),
  );
}

/**
 * Which part of the table a cell leads in: 0 differs from now, 1 moved around the moment, 2 known
 * then and the same now, 3 not known then (never listed as unchanged: nobody knows that it is).
 */
export function tierOf(c: CellView): 0 | 1 | 2 | 3 {
  return c.changedSince ? 0 : c.movedAround ? 1 : c.evidence === 'unknown' ? 3 : 2;
}

const TIER_TEXT = ['Differ from now', `Moved within ${AROUND_HOURS} h of the moment`, 'Same as now', 'Not known at that moment'] as const;

/**
 * The cells the table lists, in its order: those that differ from now, then those whose
 * environment moved around the moment, then the rest; within each, grouped by namespace (the
 * host's natural order kept inside a group). Filtered by the component/environment selects and
 * the typed text.
 */
export function orderedCells(model: PageModel, moment: MomentView): CellView[] {
  const needles = words(model.findText);
  const cells = moment.cells.filter((c) => model.passes(c) && cellMatches(c, needles));
  const firstOfNamespace = new Map<string, number>();
  moment.cells.forEach((c, i) => {
    if (!firstOfNamespace.has(c.namespace)) firstOfNamespace.set(c.namespace, i);
  });
  const index = new Map(cells.map((c, i) => [c, i]));
  return cells.sort(
    (a, b) =>
      tierOf(a) - tierOf(b) ||
      (firstOfNamespace.get(a.namespace) ?? 0) - (firstOfNamespace.get(b.namespace) ?? 0) ||
      (index.get(a) ?? 0) - (index.get(b) ?? 0),
  );
}

function headingRow(className: string, text: string): HTMLTableRowElement {
  const tr = el('tr', className);
  const th = el('th', undefined, text);
  th.colSpan = COLUMNS;
  th.scope = 'colgroup';
  tr.appendChild(th);
  return tr;
}

/** Draws the first `model.cellLimit` matching cells (with their tier and namespace headings) and a "Show more" row. */
export function renderStateTable(model: PageModel, els: PageElements, actions: PageActions): void {
  clear(els.momentBody);
  const moment = model.moment;
  if (!model.state || !moment) return;
  const cells = orderedCells(model, moment);
  model.cellsMatching = cells.length;
  summary(els.momentSummary, moment);
  if (!cells.length) {
    const tr = el('tr');
    const td = el('td', 'empty', moment.cells.length ? 'Nothing matches the filter.' : 'No component has an environment yet.');
    td.colSpan = COLUMNS;
    tr.appendChild(td);
    els.momentBody.appendChild(tr);
    return;
  }
  // The moment the extension computed as "now" (no moment chosen): hints read "5 days ago".
  const followingNow = moment.atMs === model.state.nowMs;
  const tierCounts = [0, 0, 0, 0];
  for (const c of cells) tierCounts[tierOf(c)]++;
  const shown = cells.slice(0, model.cellLimit);
  const rows = document.createDocumentFragment();
  let tier = -1;
  let namespace: string | null = null;
  for (const cell of shown) {
    const t = tierOf(cell);
    if (t !== tier) {
      tier = t;
      namespace = null;
      rows.appendChild(headingRow('tier-heading', `${TIER_TEXT[t]} (${tierCounts[t]})`));
    }
    if (cell.namespace !== namespace) {
      namespace = cell.namespace;
      rows.appendChild(headingRow('namespace-heading', namespace));
    }
    rows.appendChild(stateRow(cell, moment.atMs, followingNow, actions));
  }
  const left = cells.length - shown.length;
  if (left > 0) {
    rows.appendChild(
      showMoreRow(COLUMNS, left, () => {
        model.cellLimit += PAGE_SIZE;
        renderStateTable(model, els, actions);
        actions.report();
      }),
    );
  }
  els.momentBody.appendChild(rows);
}

/** What the details column says: since when (readable, with how long before the moment), who, why, and the note. */
function details(cell: CellView, momentMs: number, followingNow: boolean): (string | Node[])[] {
  const pieces: (string | Node[])[] = [];
  if (cell.sinceMs !== null) {
    const hint = followingNow ? relative(cell.sinceMs, Date.now(), null) : relative(cell.sinceMs, momentMs, 'this moment');
    pieces.push([document.createTextNode('since '), timeElement(cell.sinceMs), document.createTextNode(` (${hint})`)]);
  }
  if (cell.by) pieces.push(`by ${cell.by}`);
  if (cell.reason) pieces.push(`why: ${cell.reason}`);
  if (cell.note && cell.note.length) pieces.push(timedTextNodes(cell.note));
  return pieces;
}

/** `⚠ bad`, with who marked it, when and why in its tooltip. */
function badMark(bad: BadView): HTMLElement {
  const mark = el('span', 'badge bad', '⚠ marked bad');
  mark.title = `Marked bad by ${bad.by} on ${readable(bad.atMs)}${bad.reason ? `: ${bad.reason}` : ''}`;
  return mark;
}

/** One row; `followingNow`: the moment is now (the page follows it), so "5 days ago" rather than "before this moment". */
export function stateRow(cell: CellView, momentMs: number, followingNow: boolean, actions: PageActions): HTMLTableRowElement {
  const tr = el('tr', cell.changedSince ? 'changed' : '');
  tr.dataset.component = cell.componentKey;
  tr.dataset.environment = cell.environment;
  tr.dataset.evidence = cell.evidence;
  tr.appendChild(el('td', 'component', cell.componentId));
  tr.appendChild(el('td', 'environment', cell.environment));
  const thenCell = el('td', `then${cell.evidence === 'unknown' ? ' unknown' : ''}`, thenText(cell));
  if (cell.bad) thenCell.appendChild(badMark(cell.bad));
  tr.appendChild(thenCell);
  const badgeCell = el('td');
  badgeCell.appendChild(el('span', `badge evidence-${cell.evidence}`, EVIDENCE_TEXT[cell.evidence]));
  tr.appendChild(badgeCell);
  const detailsCell = el('td', 'details');
  appendJoined(detailsCell, details(cell, momentMs, followingNow), ' · ');
  tr.appendChild(detailsCell);
  tr.appendChild(el('td', 'now', `${cell.now || 'absent'}${cell.changedSince ? ' (changed)' : ''}`));
  const actionsCell = el('td');
  const open = button('secondary small', 'Open');
  open.disabled = !cell.canOpen;
  open.title = cell.canOpen ? `Open ${cell.componentId} as ${cell.environment} had it at ${readable(momentMs)} (read-only)` : 'Nothing known to open at this moment';
  open.addEventListener('click', () => actions.post({ type: 'openAt', atMs: momentMs, componentKey: cell.componentKey, environment: cell.environment }));
  actionsCell.appendChild(open);
  tr.appendChild(actionsCell);
  return tr;
}
