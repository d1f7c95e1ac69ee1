import type { BadView, CellView, MomentView } from '../../extension/timeline/protocol';
import { appendJoined, button, clear, el, timeElement, timedTextNodes } from './dom';
import type { PageElements } from './elements';
import type { PageModel } from './model';
import { EVIDENCE_TEXT, PageActions } from './pageActions';
import { readable, relative, zoneLabel } from './time';

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

export function renderStateTable(model: PageModel, els: PageElements, actions: PageActions): void {
  clear(els.momentBody);
  const moment = model.moment;
  if (!model.state || !moment) return;
  const cells = moment.cells.filter((c) => model.passes(c));
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
  for (const cell of cells) els.momentBody.appendChild(stateRow(cell, moment.atMs, followingNow, actions));
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
