import type { BadView, CellView, MomentView, ServedView } from '../../extension/timeline/protocol';
import { appendJoined, button, clear, el, timeElement, timedTextNodes } from './dom';
import type { PageElements } from './elements';
import type { PageModel } from './model';
import { EVIDENCE_TEXT, PageActions } from './pageActions';
import { PAGE_SIZE, showMoreRow } from './paging';
import { servedParts } from './receipts';
import { cellMatches, words } from './textFilter';
import { readable, relative, zoneLabel } from './time';

/** AROUND_MS of the host (timelineState.ts), in hours, for the heading. */
const AROUND_HOURS = 6;

/**
 * The state at the moment: one table row per component and environment, with what it held then,
 * the evidence, what it served as its deploys reported it (live, deploy pending; nothing where no
 * deploy reports), since when and by whom (one readable time, the exact one in its tooltip), and
 * where it is now. `stateRow` builds one row on its own, so a virtualized list can build only
 * the rows in view.
 */

const COLUMNS = 7;

function thenText(c: CellView): string {
  if (c.evidence === 'unknown') return c.candidates.length ? `${c.candidates.join(' or ')}?` : 'unknown';
  if (!c.present) return 'absent';
  return c.version || c.commit || '?';
}

/** Cells whose local tag is stale, at "now" (what a fetch would change). */
function staleAtNow(moment: MomentView, followingNow: boolean): CellView[] {
  return followingNow ? moment.cells.filter((c) => c.stale) : [];
}

/**
 * The line above the timelines: the moment, what is known then, and what differs from now. At
 * now, a difference that only a fetch would remove (the history has a move the local tag has not)
 * is not called a difference: it says the local tag is stale, and the notice under it offers Fetch.
 */
function renderSummary(els: PageElements, moment: MomentView, followingNow: boolean): void {
  const parent = els.momentSummary;
  clear(parent);
  const c = moment.counts;
  const stale = staleAtNow(moment, followingNow);
  const staleChanged = stale.filter((s) => s.changedSince).length;
  const differ = moment.changed - staleChanged;
  parent.appendChild(document.createTextNode(followingNow ? 'Now, ' : 'At '));
  parent.appendChild(timeElement(moment.atMs));
  const known = c.recorded + c.observed + c['unchanged-since'];
  const parts = [
    `${known} known (${c.recorded} recorded, ${c.observed} observed, ${c['unchanged-since']} unchanged since their tag date)`,
    `${c.unknown} unknown`,
  ];
  if (!followingNow || differ > 0) parts.push(`${differ} differ${differ === 1 ? 's' : ''} from now`);
  if (stale.length) parts.push(stale.length === 1 ? 'your local tag is stale — Fetch' : `${stale.length} of your local tags are stale — Fetch`);
  parent.appendChild(document.createTextNode(` (${zoneLabel(moment.atMs)}): ${parts.join(' · ')}.`));
  renderStaleNotice(els, stale);
}

/** `prompts/summary · staging`: the notice naming the stale tags, what the history says, and the Fetch button. */
function renderStaleNotice(els: PageElements, stale: readonly CellView[]): void {
  els.staleNotice.hidden = stale.length === 0;
  clear(els.staleText);
  if (!stale.length) return;
  const first = stale[0];
  const where = `${first.componentId} · ${first.environment}`;
  const nodes: Node[] = [document.createTextNode(`⚠ Your local tag ${where} is stale: `)];
  if (first.stale?.source === 'history') {
    nodes.push(document.createTextNode(`the deployment history says ${first.stale.by ? `${first.stale.by} moved it` : 'it moved'} to ${first.stale.expected ?? 'nothing'}`));
    if (first.stale.atMs !== null) nodes.push(document.createTextNode(' on '), timeElement(first.stale.atMs));
    nodes.push(document.createTextNode(`, and this clone still has ${first.now ?? 'nothing'}.`));
  } else {
    nodes.push(document.createTextNode(`it was moved on the remote since your last fetch (here: ${first.now ?? 'nothing'}).`));
  }
  if (stale.length > 1) nodes.push(document.createTextNode(` And ${stale.length - 1} more (listed first in the table).`));
  for (const n of nodes) els.staleText.appendChild(n);
}

/**
 * Which part of the table a cell leads in: 0 (at now) its local tag is stale, 1 differs from now,
 * 2 moved around the moment, 3 known then and the same now, 4 not known then (never listed as
 * unchanged: nobody knows that it is).
 */
function tierOf(c: CellView, followingNow = false): 0 | 1 | 2 | 3 | 4 {
  if (followingNow && c.stale) return 0;
  return c.changedSince ? 1 : c.movedAround ? 2 : c.evidence === 'unknown' ? 4 : 3;
}

const TIER_TEXT = [
  'Your local tag is stale (a move not fetched yet)',
  'Differ from now',
  `Moved within ${AROUND_HOURS} h of the moment`,
  'Same as now',
  'Not known at that moment',
] as const;

/**
 * The cells the table lists, in its order: those that differ from now, then those whose
 * environment moved around the moment, then the rest; within each, grouped by namespace (the
 * host's natural order kept inside a group). Filtered by the component/environment selects and
 * the typed text.
 */
function orderedCells(model: PageModel, moment: MomentView, followingNow = false): CellView[] {
  const needles = words(model.findText);
  const cells = moment.cells.filter((c) => model.passes(c) && cellMatches(c, needles));
  const firstOfNamespace = new Map<string, number>();
  moment.cells.forEach((c, i) => {
    if (!firstOfNamespace.has(c.namespace)) firstOfNamespace.set(c.namespace, i);
  });
  const index = new Map(cells.map((c, i) => [c, i]));
  return cells.sort(
    (a, b) =>
      tierOf(a, followingNow) - tierOf(b, followingNow) ||
      (firstOfNamespace.get(a.namespace) ?? 0) - (firstOfNamespace.get(b.namespace) ?? 0) ||
      (index.get(a) ?? 0) - (index.get(b) ?? 0),
  );
}

function headingRow(className: string, text: string): HTMLTableRowElement {
  const tr = el('tr', className);
  tr.setAttribute('role', 'row');
  const th = el('th', undefined, text);
  th.colSpan = COLUMNS;
  th.scope = 'colgroup';
  th.setAttribute('role', 'rowheader');
  tr.appendChild(th);
  return tr;
}

/** Draws the first `model.cellLimit` matching cells (with their tier and namespace headings) and a "Show more" row. */
export function renderStateTable(model: PageModel, els: PageElements, actions: PageActions): void {
  clear(els.momentBody);
  const moment = model.moment;
  if (!model.state || !moment) return;
  // The moment the extension computed as "now" (no moment chosen): hints read "5 days ago".
  const followingNow = moment.atMs === model.state.nowMs;
  const cells = orderedCells(model, moment, followingNow);
  model.cellsMatching = cells.length;
  renderSummary(els, moment, followingNow);
  if (!cells.length) {
    const tr = el('tr');
    const td = el('td', 'empty', moment.cells.length ? 'Nothing matches the filter.' : 'No component has an environment yet.');
    td.colSpan = COLUMNS;
    tr.appendChild(td);
    els.momentBody.appendChild(tr);
    return;
  }
  const tierCounts = [0, 0, 0, 0, 0];
  for (const c of cells) tierCounts[tierOf(c, followingNow)]++;
  const shown = cells.slice(0, model.cellLimit);
  const rows = document.createDocumentFragment();
  let tier = -1;
  let namespace: string | null = null;
  for (const cell of shown) {
    const t = tierOf(cell, followingNow);
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

/**
 * What an environment served at the moment (deploy receipts): `live v1.1.0 since 14:55 (run)`,
 * `serving v1.0.0 (deploy pending since 14:52)`. The run is a button that asks the extension to
 * open it (never a link to the URL: the extension checks it and opens it in the browser).
 */
function servedNodes(served: ServedView, momentMs: number, actions: PageActions): Node[] {
  const span = el('span', `served served-${served.state}`);
  for (const part of servedParts(served, momentMs)) {
    if (typeof part === 'string') span.appendChild(document.createTextNode(part));
    else if ('run' in part) {
      const url = part.run;
      const run = button('link run-link', 'run');
      run.title = `Open the deploy run: ${url}`;
      run.addEventListener('click', (e) => {
        e.stopPropagation();
        actions.post({ type: 'openRun', url });
      });
      span.appendChild(run);
    } else span.appendChild(timeElement(part.atMs, part.text));
  }
  return [span];
}

/** What the details column says: what was served (receipts), since when (readable, with how long before the moment), who, why, and the note. */
function details(cell: CellView, momentMs: number, followingNow: boolean, actions: PageActions): (string | Node[])[] {
  const pieces: (string | Node[])[] = [];
  if (cell.served) pieces.push(servedNodes(cell.served, momentMs, actions));
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
  const mark = el('span', 'badge bad', '⚠ bad');
  mark.title = `Marked bad by ${bad.by} on ${readable(bad.atMs)}${bad.reason ? `: ${bad.reason}` : ''}`;
  return mark;
}

/** `⚠ stale`: the local tag has not got a move the history (or the remote) has. */
function staleMark(cell: CellView): HTMLElement {
  const mark = el('span', 'badge stale', '⚠ stale');
  const stale = cell.stale;
  mark.title =
    stale?.source === 'history'
      ? `Your local tag says ${cell.now ?? 'nothing'}; the deployment history says ${stale.by ? `${stale.by} moved it` : 'it moved'} to ${stale.expected ?? 'nothing'}${stale.atMs !== null ? ` on ${readable(stale.atMs)}` : ''}. Fetch to bring the tag.`
      : `Your local tag says ${cell.now ?? 'nothing'}; it was moved on the remote since your last fetch. Fetch to bring the tag.`;
  return mark;
}

/** A table cell with its role (the table is laid out as a grid, which drops the implicit roles). */
function cell(className: string, text?: string | null): HTMLTableCellElement {
  const td = el('td', className, text);
  td.setAttribute('role', 'cell');
  return td;
}

/** The shortest name in its namespace group (`extraction` under `prompts`); the whole id in its tooltip. */
function nameIn(cell: CellView): string {
  return cell.componentId.startsWith(`${cell.namespace}/`) ? cell.componentId.slice(cell.namespace.length + 1) : cell.componentId;
}

/**
 * One row; `followingNow`: the moment is now (the page follows it), so "5 days ago" rather than
 * "before this moment". Every cell keeps to one line but the details, which keep to two: what a
 * cell cannot show is in its tooltip.
 */
function stateRow(c: CellView, momentMs: number, followingNow: boolean, actions: PageActions): HTMLTableRowElement {
  const tr = el('tr', c.changedSince && !(followingNow && c.stale) ? 'changed' : '');
  tr.setAttribute('role', 'row');
  tr.dataset.component = c.componentKey;
  tr.dataset.environment = c.environment;
  tr.dataset.evidence = c.evidence;
  const name = cell('component', nameIn(c));
  name.title = c.componentId;
  tr.appendChild(name);
  const env = cell('environment', c.environment);
  env.title = c.environment;
  tr.appendChild(env);
  const thenCell = cell(`then${c.evidence === 'unknown' ? ' unknown' : ''}`, thenText(c));
  thenCell.title = thenText(c);
  if (c.bad) thenCell.appendChild(badMark(c.bad));
  tr.appendChild(thenCell);
  const badgeCell = cell('evidence');
  badgeCell.appendChild(el('span', `badge evidence-${c.evidence}`, EVIDENCE_TEXT[c.evidence]));
  tr.appendChild(badgeCell);
  const detailsCell = cell('details');
  appendJoined(detailsCell, details(c, momentMs, followingNow, actions), ' · ');
  detailsCell.title = detailsCell.textContent ?? '';
  tr.appendChild(detailsCell);
  // At now, a stale local tag is the whole difference: said as such, not as a change.
  const changed = c.changedSince && !(followingNow && c.stale);
  const nowText = `${c.now || 'absent'}${changed ? ' (changed)' : ''}`;
  const nowCell = cell('now', c.now || 'absent');
  if (changed) nowCell.appendChild(el('span', 'changed-note', ' (changed)'));
  nowCell.title = nowText;
  if (c.stale) nowCell.appendChild(staleMark(c));
  tr.appendChild(nowCell);
  const actionsCell = cell('open');
  const open = button('secondary small', 'Open');
  open.disabled = !c.canOpen;
  open.title = c.canOpen ? `Open ${c.componentId} as ${c.environment} had it at ${readable(momentMs)} (read-only)` : 'Nothing known to open at this moment';
  open.addEventListener('click', () => actions.post({ type: 'openAt', atMs: momentMs, componentKey: c.componentKey, environment: c.environment }));
  actionsCell.appendChild(open);
  tr.appendChild(actionsCell);
  return tr;
}
