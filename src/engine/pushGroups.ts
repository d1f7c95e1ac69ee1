import { EdgitError } from './errors';
import { PushRefusedError, RemoteRefUpdate } from './remote';
import { TagEventLimit, describeTagEventLimit } from './tagEventLimit';

/**
 * How the tags of one push are sent when a host starts no tag-triggered workflow for a push of
 * more than `limit` tags: as one atomic push anyway (the person starts the deploy by hand), or in
 * groups of at most N tags, each one atomic push with leases, version tags before the environment
 * tags that point at them. A push over the limit is never sent as one push without that choice.
 */

/** The person's choice for a push over the limit. */
export type PushChoice = { readonly mode: 'one-push' } | { readonly mode: 'groups'; readonly perPush: number };

export interface TagPushPlan {
  /** Tags the push carries: the version tags the remote lacks (created there), and the environment tags (refs). */
  readonly versions: readonly RemoteRefUpdate[];
  readonly environments: readonly string[];
  readonly limit: TagEventLimit;
  /** More tags than the limit in one push: the host would start no tag-triggered workflow for it. */
  readonly overLimit: boolean;
  readonly choice: PushChoice | null;
  /**
   * The pushes, in order, each with the refs of the tags it carries (the history ref is added by
   * the one who pushes). One group unless the choice is groups. Empty when there is no tag to push.
   */
  readonly groups: readonly (readonly string[])[];
}

/** Whether the plan may be pushed as it is: within the limit, or the person chose how. */
export function needsPushChoice(plan: TagPushPlan): boolean {
  return plan.overLimit && !plan.choice;
}

/** The tags in push order, version tags first: every version goes no later than the environment tags that point at it. */
function pushOrder(versions: readonly RemoteRefUpdate[], environments: readonly string[]): string[] {
  return [...new Set([...versions.map((v) => v.ref), ...environments])];
}

/** Consecutive groups of at most `size` tags. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Plans the pushes of these tags. `choice` groups: at most `perPush` tags each, which may not be
 * more than the limit (each group would again start no workflow). A choice is kept when the push
 * is within the limit too (groups asked for are made; one push is one push).
 */
export function planTagPush(
  tags: { readonly versions: readonly RemoteRefUpdate[]; readonly environments: readonly string[] },
  limit: TagEventLimit,
  choice: PushChoice | null,
): TagPushPlan {
  for (const ref of [...tags.versions.map((v) => v.ref), ...tags.environments]) {
    if (!ref.startsWith('refs/tags/')) throw new EdgitError(`${ref} is not a tag.`, 'invalid-name');
  }
  const ordered = pushOrder(tags.versions, tags.environments);
  const overLimit = limit.limit !== null && ordered.length > limit.limit;
  if (choice?.mode === 'groups') {
    if (!Number.isSafeInteger(choice.perPush) || choice.perPush < 1) {
      throw new EdgitError(`Groups of ${choice.perPush} tags cannot be pushed.`, 'bad-usage', 'Give a whole number of tags of at least 1.');
    }
    if (limit.limit !== null && choice.perPush > limit.limit) {
      throw new EdgitError(
        `Groups of ${choice.perPush} tags are more than the limit of ${limit.limit}: each push would again start no tag-triggered workflow.`,
        'bad-usage',
        `Give at most ${limit.limit}, or change the limit (--tag-event-limit).`,
      );
    }
  }
  const groups = !ordered.length ? [] : choice?.mode === 'groups' ? chunks(ordered, choice.perPush) : [ordered];
  return { versions: tags.versions, environments: tags.environments, limit, overLimit, choice, groups };
}

/** Throws when a plan over the limit has no choice: it must not be pushed as one push unasked. */
export function assertPushChoice(plan: TagPushPlan): void {
  if (needsPushChoice(plan)) {
    throw new EdgitError(
      `This push carries ${plan.groups.flat().length} tags, more than ${plan.limit.limit}, and no choice was made between groups and one push; nothing was pushed.`,
      'bad-usage',
    );
  }
}

/** One push of a plan: its place (1-based) and the refs of the tags it carries. */
export interface PushGroup {
  readonly index: number;
  readonly tags: readonly string[];
}

/** The groups of a plan, numbered. */
export function pushGroups(plan: TagPushPlan): PushGroup[] {
  return plan.groups.map((tags, i) => ({ index: i + 1, tags }));
}

/**
 * A push in groups stopped after some groups landed: `landed` are on the remote (and the
 * deployment history there records exactly their moves), `notLanded` are not (the refused group
 * and every group after it).
 */
export class PartialPushError extends EdgitError {
  constructor(
    readonly remote: string,
    readonly landed: readonly PushGroup[],
    readonly notLanded: readonly PushGroup[],
    readonly stoppedBy: unknown,
  ) {
    const count = (gs: readonly PushGroup[]) => gs.reduce((n, g) => n + g.tags.length, 0);
    const why = stoppedBy instanceof PushRefusedError ? `was refused: ${stoppedBy.detail}` : `did not land: ${stoppedBy instanceof Error ? stoppedBy.message : String(stoppedBy)}`;
    super(
      `Push ${notLanded[0]?.index ?? '?'} of ${landed.length + notLanded.length} to "${remote}" ${why.replace(/\.$/, '')}. ` +
        `${count(landed)} tag(s) in the ${landed.length} push(es) before it landed; ${count(notLanded)} tag(s) did not.`,
      'push-refused',
      'See the list of what landed and what did not above.',
    );
  }
}

/** How many tags a plan's pushes carry in all. */
export function tagsInPlan(plan: TagPushPlan): number {
  return plan.groups.flat().length;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The sentence said before a push over the limit, with the remote as `remoteLabel` (escaped by
 * the caller for where it is shown): `This push carries 5 tags (2 version tags, 3 environment
 * tags): origin is on github.com, which starts no tag-triggered workflow for a push of more than 3 tags.`
 */
export function overLimitSentence(plan: TagPushPlan, remoteLabel: string): string {
  const what = `This push carries ${plural(tagsInPlan(plan), 'tag')} (${plural(plan.versions.length, 'version tag')}, ${plural(plan.environments.length, 'environment tag')})`;
  return plan.limit.source === 'github'
    ? `${what}: ${remoteLabel} is on github.com, which starts no tag-triggered workflow for a push of more than ${plan.limit.limit} tags.`
    : `${what}: the limit is ${plan.limit.limit} tags a push (${describeTagEventLimit(plan.limit, remoteLabel)}), so ${remoteLabel} starts no tag-triggered workflow for a push of more.`;
}

/** After one push over the limit (null otherwise): no tag-triggered workflow started, so the deploy must be started by hand. */
export function onePushSentence(plan: TagPushPlan, remoteLabel: string): string | null {
  if (!plan.overLimit || plan.groups.length !== 1) return null;
  return `${tagsInPlan(plan)} tags went to ${remoteLabel} in one push, more than ${plan.limit.limit}: no tag-triggered workflow started for it. Start the deploy by hand.`;
}

/** How names and quoted text from data are shown where the lines go (the CLI escapes each; the editor escapes whole lines). */
export interface ShownWords {
  readonly name: (value: string) => string;
  readonly text: (value: string) => string;
}

const asIs: ShownWords = { name: (v) => v, text: (v) => v };

/** A tag ref as people read it: the tag name, `(version the remote lacks)` for a version the push creates, else `: from → to` when `describe` knows it. */
function pushedTagLabel(plan: TagPushPlan, ref: string, describe: (ref: string) => string | undefined, shown: ShownWords): string {
  const name = shown.name(ref.replace(/^refs\/tags\//, ''));
  if (plan.versions.some((v) => v.ref === ref)) return `${name} (version the remote lacks)`;
  const said = describe(ref);
  return said ? `${name}: ${said}` : name;
}

/** The pushes of a plan, one line each with its tags (none when it is one push). */
export function pushPlanLines(plan: TagPushPlan, describe: (ref: string) => string | undefined = () => undefined, shown: ShownWords = asIs): string[] {
  if (plan.groups.length <= 1) return [];
  const lines: string[] = [];
  plan.groups.forEach((g, i) => {
    lines.push(`Push ${i + 1} of ${plan.groups.length} (${plural(g.length, 'tag')}):`);
    for (const ref of g) lines.push(`  ${pushedTagLabel(plan, ref, describe, shown)}`);
  });
  return lines;
}

/** Lines saying which pushes of a stopped push in groups landed and which did not, each tag described. */
export function partialPushLines(plan: TagPushPlan, e: PartialPushError, describe: (ref: string) => string | undefined, shown: ShownWords = asIs): string[] {
  const of = e.landed.length + e.notLanded.length;
  const r = shown.text(e.remote);
  const lines = [`Landed on ${r} (push${e.landed.length === 1 ? '' : 'es'} ${e.landed.map((g) => g.index).join(', ')} of ${of}):`];
  for (const g of e.landed) for (const ref of g.tags) lines.push(`  ${pushedTagLabel(plan, ref, describe, shown)}`);
  const [refused, ...rest] = e.notLanded;
  lines.push(`Did not land (push ${refused.index} refused${rest.length ? `, ${rest.map((g) => g.index).join(', ')} not made` : ''}):`);
  for (const g of e.notLanded) for (const ref of g.tags) lines.push(`  ${pushedTagLabel(plan, ref, describe, shown)}`);
  lines.push(`The deployment history on ${r} records exactly the moves that landed.`);
  return lines;
}

/** The moves of a batch pushed in groups that landed (their environment tag was in a push that landed) and those that did not. */
export function splitLandedMoves<M extends { readonly tag: string }>(moves: readonly M[], e: PartialPushError): { landed: M[]; notLanded: M[] } {
  const landedRefs = new Set(e.landed.flatMap((g) => g.tags));
  return {
    landed: moves.filter((m) => landedRefs.has(`refs/tags/${m.tag}`)),
    notLanded: moves.filter((m) => !landedRefs.has(`refs/tags/${m.tag}`)),
  };
}
