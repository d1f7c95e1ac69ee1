import { SlotRef } from '../documents';
import { BACK } from '../quickpicks/asyncQuickPick';
import { ComponentChoice, pickComponent } from '../quickpicks/componentPick';
import { pickSlot } from '../quickpicks/slotPick';
import { CommandContext } from './commandContext';
import { CommandTarget, onlyRepository } from './commandTarget';
import { findComponent } from './findComponent';

/** The component a read-only command acts on: from its arguments, else picked. */
export async function componentFor(ctx: CommandContext, target: CommandTarget, title: string): Promise<ComponentChoice | undefined> {
  if (target.componentKey) return findComponent(ctx.services, target.repository ?? onlyRepository(ctx.services), target.componentKey);
  const picked = await pickComponent(ctx.services, { title, repository: target.repository });
  return picked === BACK ? undefined : picked;
}

/** The version or environment the arguments name (`version` wins), if any. */
function slotOf(target: CommandTarget): SlotRef | undefined {
  if (target.version) return { kind: 'version', ref: target.version };
  if (target.environment) return { kind: 'environment', ref: target.environment };
  return undefined;
}

/** The slot named by the arguments, else asked. */
export async function slotFor(choice: ComponentChoice, target: CommandTarget, title: string, placeholder: string): Promise<SlotRef | undefined> {
  const given = slotOf(target);
  if (given) return given;
  const picked = await pickSlot(choice.component, { title, placeholder });
  return picked === BACK ? undefined : picked;
}
