import { MoveAnswers } from './moveFlow';
import { isSafetyCheckId } from './safetyChecks';
import { tagPushArgument } from './tagPushChoice';

/** Reads `reason`, `push`, `overrides`, `markBad` and `tagPush` ("groups" or "one-push") from command arguments. */
export function answersFrom(args: Readonly<Record<string, unknown>>): MoveAnswers {
  return {
    reason: typeof args.reason === 'string' ? args.reason : undefined,
    push: typeof args.push === 'boolean' ? args.push : undefined,
    overrides: Array.isArray(args.overrides) ? args.overrides.filter(isSafetyCheckId) : undefined,
    markBad: args.markBad === true,
    tagPush: tagPushArgument(args.tagPush),
  };
}
