import type { TimedText } from '../../extension/timeline/protocol';
import { exact, readable } from './time';

/**
 * DOM helpers that only ever write text: every name, version, reason and tag message reaches the
 * page as data and goes into textContent or an attribute, never into markup (no innerHTML).
 */

/** The element with this id, of this type (the page's skeleton is timelineHtml.ts). */
export function byId<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T {
  const e = document.getElementById(id);
  if (!(e instanceof type)) throw new Error(`missing #${id}`);
  return e;
}

/** The first element matching `selector` under `parent`, of this type. */
export function child<T extends Element>(parent: ParentNode, selector: string, type: { new (): T; prototype: T }): T {
  const e = parent.querySelector(selector);
  if (!(e instanceof type)) throw new Error(`missing ${selector}`);
  return e;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string | null): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

export function button(className: string, text: string | null): HTMLButtonElement {
  const b = el('button', className, text);
  b.type = 'button';
  return b;
}

export function clear(e: Element): void {
  while (e.firstChild) e.removeChild(e.firstChild);
}

/** A moment written readably in the reader's zone, the exact ISO time in its tooltip. */
export function timeElement(ms: number, text: string = readable(ms), title: string = exact(ms)): HTMLTimeElement {
  const t = el('time', undefined, text);
  t.dateTime = exact(ms);
  t.title = title;
  return t;
}

/** Text and readable moments, as nodes. */
export function timedTextNodes(parts: TimedText): Node[] {
  return parts.map((p) => (typeof p === 'string' ? document.createTextNode(p) : timeElement(p.atMs)));
}

/** Appends the pieces, each a text or nodes, separated by `separator`. */
export function appendJoined(parent: Element, pieces: readonly (string | readonly Node[])[], separator: string): void {
  pieces.forEach((piece, i) => {
    if (i > 0) parent.appendChild(document.createTextNode(separator));
    if (typeof piece === 'string') parent.appendChild(document.createTextNode(piece));
    else for (const n of piece) parent.appendChild(n);
  });
}
