import { BACK } from '../quickpicks/asyncQuickPick';
import { pickSlot } from '../quickpicks/slotPick';
import { parseSlot } from '../documents';
import { CommandContext } from './commandContext';
import { readTarget } from './commandTarget';
import { componentFor, slotFor } from './componentTarget';
import { OpenedDiff, openDiff } from './openDiff';
import { CANCELLED, CommandResult, done } from './results';

/**
 * `edgit.compareWith`: diff of a component between any two versions, environments or commits.
 * Arguments: a node (its version or environment is the left side), or `{ repositoryRoot,
 * componentKey, version? | environment?, with? }` where `with` is a version, environment or commit
 * id (the right side). Both `environment` and `version` without `with`: environment ↔ version.
 * Missing sides are picked. Returns CommandResult<OpenedDiff>.
 */
export async function compareWith(ctx: CommandContext, arg: unknown): Promise<CommandResult<OpenedDiff>> {
  const target = readTarget(ctx.services, arg);
  const choice = await componentFor(ctx, target, 'Compare With');
  if (!choice) return CANCELLED;
  const { component } = choice;
  const withArg = typeof target.args.with === 'string' ? target.args.with : undefined;
  const both = target.environment && target.version && !withArg;
  const left = both ? { kind: 'environment' as const, ref: target.environment } : await slotFor(choice, target, `Compare: ${component.id}`, 'Compare what?');
  if (!left) return CANCELLED;
  let right = both ? { kind: 'version' as const, ref: target.version } : withArg ? parseSlot(component, withArg) : undefined;
  if (!right) {
    const picked = await pickSlot(component, { title: `Compare ${component.id}@${left.ref} with…`, placeholder: 'Pick a version or environment', exclude: left });
    if (picked === BACK || picked === undefined) return CANCELLED;
    right = picked;
  }
  return done(await openDiff(choice.repository, component, left, right));
}
