import { parseTag } from '../../engine';

/** `prompts/extraction · production` for `refs/tags/components/prompts/extraction/production`. */
export function tagLabel(refOrTag: string): string {
  const parsed = parseTag(refOrTag);
  return parsed ? `${parsed.namespace}/${parsed.name} · ${parsed.slot}` : refOrTag.replace(/^refs\/tags\//, '');
}
