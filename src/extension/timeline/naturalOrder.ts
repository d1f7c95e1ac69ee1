/**
 * The order in which the timeline lists names: numbers inside names compare as numbers
 * (`c103` before `c1003`), letters case-insensitively, ties broken by code units so the order is
 * total and stable. No import: the page's build (DOM types only) reads this file too.
 */
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function compareNatural(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The namespace of a component id `namespace/name` (the whole id when it has no slash). */
export function namespaceOf(componentId: string): string {
  const slash = componentId.indexOf('/');
  return slash > 0 ? componentId.slice(0, slash) : componentId;
}
