import type { CellView, RowView } from '../../extension/timeline/protocol';

/**
 * The text typed in the moment's filter box: every word must appear (case-insensitively) in the
 * component, the environment, a version (then or now, or a timeline's positions) or who moved it.
 */
export function words(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

function matchesAll(haystack: string, needles: readonly string[]): boolean {
  return needles.every((w) => haystack.includes(w));
}

export function cellMatches(c: CellView, needles: readonly string[]): boolean {
  if (!needles.length) return true;
  const hay = [c.componentId, c.environment, c.version ?? '', c.commit ?? '', c.now ?? '', c.by ?? '', ...c.candidates].join('\n').toLowerCase();
  return matchesAll(hay, needles);
}

export function rowMatches(r: RowView, needles: readonly string[]): boolean {
  if (!needles.length) return true;
  const parts = [r.componentId, r.environment];
  for (const s of r.segments) parts.push(s.version ?? '', s.commit ?? '', s.who ?? '');
  return matchesAll(parts.join('\n').toLowerCase(), needles);
}
