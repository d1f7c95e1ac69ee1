import { parseTag } from '../../engine';
import { markedName } from '../untrustedLabels';

/**
 * `prompts/extraction · production` for `refs/tags/components/prompts/extraction/production`, for
 * messages: names as read from the tags, hidden characters escaped, ⚠ after a suspicious one.
 */
export function tagLabel(refOrTag: string): string {
  const parsed = parseTag(refOrTag);
  return parsed ? `${markedName(`${parsed.namespace}/${parsed.name}`)} · ${markedName(parsed.slot)}` : markedName(refOrTag.replace(/^refs\/tags\//, ''));
}
