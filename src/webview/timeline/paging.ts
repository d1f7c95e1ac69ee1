import { button, el } from './dom';

/** How many rows a list draws at first, and how many more each "Show more" adds. */
export const PAGE_SIZE = 200;

/** The "Show 200 more (N left)" button; `left` > 0. */
export function showMoreButton(left: number, onClick: () => void): HTMLButtonElement {
  const more = button('secondary small show-more', `Show ${Math.min(PAGE_SIZE, left)} more (${left} left)`);
  more.addEventListener('click', onClick);
  return more;
}

/** A table row holding only the "Show more" button, across `columns`. */
export function showMoreRow(columns: number, left: number, onClick: () => void): HTMLTableRowElement {
  const tr = el('tr', 'more');
  const td = el('td');
  td.colSpan = columns;
  td.appendChild(showMoreButton(left, onClick));
  tr.appendChild(td);
  return tr;
}
