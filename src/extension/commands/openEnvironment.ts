import { BACK } from '../quickpicks/asyncQuickPick';
import { pickEnvironment } from '../quickpicks/environmentPick';
import { CommandContext } from './commandContext';
import { readTarget } from './commandTarget';
import { componentFor } from './componentTarget';
import { OpenedDocument, openComponentDocument } from './openDocument';
import { CANCELLED, CommandResult, done } from './results';

/**
 * `edgit.openEnvironment`: the component's file as an environment has it now, read-only; the
 * document follows the environment when it moves.
 * Arguments: an environment node or `{ repositoryRoot, componentKey, environment }`; missing
 * parts are picked. Returns CommandResult<OpenedDocument>.
 */
export async function openEnvironment(ctx: CommandContext, arg: unknown): Promise<CommandResult<OpenedDocument>> {
  const target = readTarget(ctx.services, arg);
  const choice = await componentFor(ctx, target, 'Open Environment');
  if (!choice) return CANCELLED;
  let environment = target.environment;
  if (!environment) {
    const picked = await pickEnvironment(choice.component, { title: `Open Environment: ${choice.component.id}`, ...ctx.services.settings() });
    if (picked === BACK || picked === undefined) return CANCELLED;
    environment = picked;
  }
  return done(await openComponentDocument(choice.repository, choice.component, { kind: 'environment', ref: environment }));
}
