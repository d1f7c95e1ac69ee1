import {
  EdgitError,
  Git,
  PartialPushError,
  PushChoice,
  RemoteRefUpdate,
  ShownWords,
  TagPushPlan,
  onePushSentence,
  overLimitSentence as overLimitWords,
  partialPushLines as partialPushWords,
  planTagPush,
  pushPlanLines,
  resolveTagEventLimit,
  tagsInPlan,
} from '../engine';
import { CliContext, flag, stringOption } from './cliContext';
import { askChoice } from './confirm';
import { shownName, shownText } from './untrustedOutput';

/**
 * What the CLI says and asks before a push that carries more tags than the host starts
 * tag-triggered workflows for (see engine/tagEventLimit.ts), and how it shows the pushes.
 */

/** Options of every command that pushes tags. */
export const TAG_PUSH_OPTIONS = {
  'tags-per-push': { type: 'string' },
  'one-push': { type: 'boolean' },
  'tag-event-limit': { type: 'string' },
} as const;

export const TAG_PUSH_USAGE = '[--tags-per-push N | --one-push] [--tag-event-limit N|none]';

/** The choice given on the command line, or null. */
function choiceOf(ctx: CliContext): PushChoice | null {
  const perPush = stringOption(ctx, 'tags-per-push');
  const onePush = flag(ctx, 'one-push');
  if (perPush !== undefined && onePush) {
    throw new EdgitError('--tags-per-push and --one-push ask for opposite things; nothing was changed.', 'bad-usage', 'Give one of them.');
  }
  if (onePush) return { mode: 'one-push' };
  if (perPush === undefined) return null;
  if (!/^\d{1,6}$/.test(perPush.trim()) || Number(perPush) < 1) {
    throw new EdgitError(`--tags-per-push is "${perPush}", which is not a number of tags; nothing was changed.`, 'bad-usage', 'Give a whole number of at least 1, such as 3.');
  }
  return { mode: 'groups', perPush: Number(perPush) };
}

/** Refuses the push options on a command that pushes nothing (no --push). */
export function refuseTagPushOptionsWithoutPush(ctx: CliContext): void {
  const given = Object.keys(TAG_PUSH_OPTIONS).filter((o) => ctx.options[o] !== undefined);
  if (given.length) {
    throw new EdgitError(`${given.map((o) => `--${o}`).join(' and ')} only apply to a push; nothing was changed.`, 'bad-usage', 'Add --push, or leave them out.');
  }
}

/** The plan of a push of these tags to `remote`, with the limit that applies and the choice given on the command line. */
export async function planCommandPush(
  ctx: CliContext,
  git: Git,
  remote: string,
  tags: { readonly versions: readonly RemoteRefUpdate[]; readonly environments: readonly string[] },
): Promise<TagPushPlan> {
  const limit = await resolveTagEventLimit(git, remote, stringOption(ctx, 'tag-event-limit'));
  return planTagPush(tags, limit, choiceOf(ctx));
}

const tagCount = tagsInPlan;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Names and text from data, as the CLI prints them. */
const SHOWN: ShownWords = { name: shownName, text: shownText };

/** `This push carries 5 tags (2 version tags, 3 environment tags): origin is on github.com, which starts no tag-triggered workflow for a push of more than 3 tags.` */
function overLimitSentence(plan: TagPushPlan, remote: string): string {
  return overLimitWords(plan, shownText(remote));
}

/**
 * Before pushing: says when the push carries more tags than the limit, and gets the choice —
 * from the command line, else asked at a terminal. With --yes (or without a terminal) and no
 * choice, refuses (exit 2) naming both flags: nothing has been changed at that point. Returns
 * the plan to push and whether the person was asked (their answer confirms the push).
 */
export async function chooseTagPush(
  ctx: CliContext,
  plan: TagPushPlan,
  remote: string,
  human: (text: string) => void,
): Promise<{ plan: TagPushPlan; asked: boolean }> {
  if (!plan.overLimit) return { plan, asked: false };
  human(overLimitSentence(plan, remote));
  if (plan.choice) return { plan, asked: false };
  const limit = plan.limit.limit as number;
  const groups = Math.ceil(tagCount(plan) / limit);
  if (flag(ctx, 'yes') || !ctx.interactive) {
    throw new EdgitError(
      `This push carries ${tagCount(plan)} tags, more than ${limit}, and no choice was given between groups and one push; nothing was changed.`,
      'bad-usage',
      `Repeat with --tags-per-push ${limit} (${groups} pushes of at most ${limit} tags, versions first, each starting the workflow) or --one-push (one push: start the deploy by hand).`,
    );
  }
  const key = await askChoice(ctx, `How should ${tagCount(plan)} tags be pushed to ${shownText(remote)}?`, [
    { key: 'g', text: `in ${groups} pushes of at most ${limit} tags (--tags-per-push ${limit}), versions first, each starting the tag-triggered workflow` },
    { key: 'o', text: 'as one push anyway (--one-push): no tag-triggered workflow starts, start the deploy by hand' },
  ]);
  const choice: PushChoice = key === 'g' ? { mode: 'groups', perPush: limit } : { mode: 'one-push' };
  return { plan: planTagPush({ versions: plan.versions, environments: plan.environments }, plan.limit, choice), asked: true };
}

/** The pushes of a plan, one line each with its tags (for --dry-run and before pushing in groups). */
export function pushLines(plan: TagPushPlan, describe: (ref: string) => string | undefined = () => undefined): string[] {
  return pushPlanLines(plan, describe, SHOWN);
}

/** What --dry-run says about the push: the note, the groups, or what would be asked. */
export function dryRunPushLines(plan: TagPushPlan, remote: string, describe?: (ref: string) => string | undefined): string[] {
  if (!plan.groups.length) return [];
  const lines: string[] = [];
  if (plan.versions.length) lines.push(`With the version tags the remote lacks, pushed first: ${plan.versions.map((v) => shownName(v.ref.replace(/^refs\/tags\//, ''))).join(', ')}.`);
  if (plan.overLimit) lines.push(overLimitSentence(plan, remote));
  if (plan.overLimit && !plan.choice) {
    const limit = plan.limit.limit as number;
    const grouped = planTagPush({ versions: plan.versions, environments: plan.environments }, plan.limit, { mode: 'groups', perPush: limit });
    lines.push(`Would ask for a choice: --tags-per-push ${limit} (these pushes) or --one-push (one push: start the deploy by hand).`);
    lines.push(...pushLines(grouped, describe));
  } else if (plan.overLimit && plan.choice?.mode === 'one-push') {
    lines.push(`One atomic push of ${plural(tagCount(plan), 'tag')} (--one-push): no tag-triggered workflow would start; start the deploy by hand.`);
  } else lines.push(...pushLines(plan, describe));
  return lines;
}

/** The plan as JSON: `{ tags, limit, limitSource, overLimit, choice, groups }` (groups of tag names). */
export function pushPlanJson(plan: TagPushPlan) {
  return {
    tags: tagCount(plan),
    limit: plan.limit.limit,
    limitSource: plan.limit.source,
    overLimit: plan.overLimit,
    choice: plan.choice ? (plan.choice.mode === 'one-push' ? 'one-push' : `tags-per-push ${plan.choice.perPush}`) : null,
    groups: plan.groups.map((g) => g.map((ref) => ref.replace(/^refs\/tags\//, ''))),
  };
}

/** After one push over the limit: no tag-triggered workflow started, so the deploy must be started by hand. */
export function onePushNote(plan: TagPushPlan, remote: string): string | null {
  const sentence = onePushSentence(plan, shownText(remote));
  return sentence && `Note: ${sentence}`;
}

/** Lines saying which pushes of a stopped push in groups landed and which did not, each tag described. */
export function partialPushLines(plan: TagPushPlan, e: PartialPushError, describe: (ref: string) => string | undefined): string[] {
  return partialPushWords(plan, e, describe, SHOWN);
}

/** The JSON of a stopped push in groups: the tag names that landed and those that did not. */
export function partialPushJson(e: PartialPushError) {
  const names = (gs: typeof e.landed) => gs.flatMap((g) => g.tags.map((ref) => ref.replace(/^refs\/tags\//, '')));
  return { remote: e.remote, landed: names(e.landed), notLanded: names(e.notLanded), refusedPush: e.notLanded[0]?.index ?? null, error: e.message };
}
