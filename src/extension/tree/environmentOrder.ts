/** Orders environment names: those listed in `order` first (in that order), the others A→Z. */
export function compareEnvironments(order: readonly string[]): (a: string, b: string) => number {
  const rank = new Map(order.map((name, i) => [name, i] as const));
  return (a, b) => {
    const ra = rank.get(a) ?? Number.MAX_SAFE_INTEGER;
    const rb = rank.get(b) ?? Number.MAX_SAFE_INTEGER;
    return ra - rb || (a < b ? -1 : a > b ? 1 : 0);
  };
}

export function sortEnvironments<T>(items: readonly T[], order: readonly string[], name: (t: T) => string): T[] {
  const compare = compareEnvironments(order);
  return [...items].sort((x, y) => compare(name(x), name(y)));
}
