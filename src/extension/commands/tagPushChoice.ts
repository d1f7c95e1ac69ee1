import {
  EdgitError,
  PushChoice,
  RemoteRefUpdate,
  TagPushPlan,
  onePushSentence,
  overLimitSentence,
  planTagPush,
  resolveTagEventLimit,
  tagsInPlan,
} from '../../engine';
import { EdgitRepository } from '../services';

/**
 * What the editor says and asks before a push that carries more tags than the host starts
 * tag-triggered workflows for (engine/tagEventLimit.ts, engine/pushGroups.ts): the two choices,
 * push in groups or one push, offered as buttons of the confirmation. A push over the limit never
 * goes as one push without that choice (executeBatchInGroups and pushPendingInGroups refuse it).
 */

/** The choice given as a command argument (`tagPush`), for tests and scripted use. */
export type TagPushAnswer = 'groups' | 'one-push';

/** The button that pushes as one atomic push over the limit. */
export const ONE_PUSH = 'One push (start the deploy by hand)';

/** The button that pushes in groups of at most the limit. */
function groupsLabel(plan: TagPushPlan): string {
  return `Push in groups of ${plan.limit.limit}`;
}

/** The plan of a push of these tags to `remote`, with the repository's limit and no choice yet. */
export async function planPush(
  repository: EdgitRepository,
  remote: string,
  tags: { readonly versions: readonly RemoteRefUpdate[]; readonly environments: readonly string[] },
): Promise<TagPushPlan> {
  return planTagPush(tags, await resolveTagEventLimit(repository.git, remote), null);
}

/** The plan with the person's choice: groups of at most the limit, or one push. */
export function withChoice(plan: TagPushPlan, answer: TagPushAnswer): TagPushPlan {
  const choice: PushChoice = answer === 'groups' && plan.limit.limit !== null ? { mode: 'groups', perPush: plan.limit.limit } : { mode: 'one-push' };
  return planTagPush({ versions: plan.versions, environments: plan.environments }, plan.limit, choice);
}

/** The answer a button gives (undefined: not one of the two). */
export function answerOfButton(plan: TagPushPlan, button: string | undefined): TagPushAnswer | undefined {
  return button === groupsLabel(plan) ? 'groups' : button === ONE_PUSH ? 'one-push' : undefined;
}

/** The two buttons, groups first (the default: each push starts the workflow). */
export function choiceButtons(plan: TagPushPlan): string[] {
  return [groupsLabel(plan), ONE_PUSH];
}

/** The `tagPush` argument, when given. */
export function tagPushArgument(value: unknown): TagPushAnswer | undefined {
  return value === 'groups' || value === 'one-push' ? value : undefined;
}

/**
 * What the confirmation says before a push over the limit: how many tags, that the host starts
 * no tag-triggered workflow for such a push, and what each button does. Plain text: the caller
 * escapes each line for where it is shown.
 */
export function overLimitLines(plan: TagPushPlan, remote: string): string[] {
  const limit = plan.limit.limit as number;
  const tags = tagsInPlan(plan);
  const pushes = Math.ceil(tags / limit);
  return [
    overLimitSentence(plan, remote),
    `"${groupsLabel(plan)}": ${pushes} atomic pushes of at most ${limit} tags, versions before the environments that point at them, each with a lease on every tag and each starting the workflow.`,
    `"${ONE_PUSH}": one atomic push of all ${tags} tags; no tag-triggered workflow starts, so the deploy must be started by hand.`,
  ];
}

/** The plan to push with a command argument's answer; over the limit without one: refused, nothing changed. */
export function chosenByArgument(plan: TagPushPlan, answer: TagPushAnswer | undefined): TagPushPlan {
  if (!plan.overLimit) return answer ? withChoice(plan, answer) : plan;
  if (!answer) {
    throw new EdgitError(
      `This push carries ${tagsInPlan(plan)} tags, more than ${plan.limit.limit}, and no choice was given between groups and one push; nothing was changed.`,
      'bad-usage',
      `Pass tagPush: "groups" (pushes of at most ${plan.limit.limit} tags, each starting the workflow) or tagPush: "one-push" (start the deploy by hand).`,
    );
  }
  return withChoice(plan, answer);
}

/** ` in 3 atomic pushes` for a push in groups, else nothing. */
export function pushesWords(plan: TagPushPlan | null): string {
  const pushes = plan?.groups.length ?? 1;
  return pushes > 1 ? ` in ${pushes} atomic pushes` : '';
}

/** After one push over the limit: ` 5 tags went to origin in one push, more than 3: … Start the deploy by hand.`; else nothing. */
export function startByHandWords(plan: TagPushPlan | null, remote: string): string {
  const note = plan ? onePushSentence(plan, remote) : null;
  return note ? ` ${note}` : '';
}

/** ` Pushed to origin.`, ` Pushed to origin in 3 atomic pushes.`, and after one push over the limit that the deploy must be started by hand. */
export function pushedWords(plan: TagPushPlan | null, remote: string): string {
  return ` Pushed to ${remote}${pushesWords(plan)}.${startByHandWords(plan, remote)}`;
}
