import { BACK } from '../quickpicks/asyncQuickPick';
import { pickVersion } from '../quickpicks/versionPick';
import { CommandContext } from './commandContext';
import { readTarget } from './commandTarget';
import { componentFor } from './componentTarget';
import { OpenedDocument, openComponentDocument } from './openDocument';
import { CANCELLED, CommandResult, done } from './results';

/**
 * `edgit.openVersion`: the component's file as it is in a version, read-only.
 * Arguments: a version node or `{ repositoryRoot, componentKey, version }`; missing parts are
 * picked. Returns CommandResult<OpenedDocument>.
 */
export async function openVersion(ctx: CommandContext, arg: unknown): Promise<CommandResult<OpenedDocument>> {
  const target = readTarget(ctx.services, arg);
  const choice = await componentFor(ctx, target, 'Open Version');
  if (!choice) return CANCELLED;
  let version = target.version;
  if (!version) {
    const { component } = choice;
    const current = new Map<string, string[]>();
    for (const e of component.environments) if (e.commit) current.set(e.commit, [...(current.get(e.commit) ?? []), e.name]);
    const picked = await pickVersion({
      title: `Open Version: ${component.id}`,
      component,
      candidates: async function* () {
        yield { candidates: component.versions.map((v) => ({ version: v, isCurrent: false, isSuggested: false, environments: current.get(v.commit) ?? [] })) };
      },
    });
    if (picked === BACK || picked === undefined) return CANCELLED;
    version = picked.version;
  }
  return done(await openComponentDocument(choice.repository, choice.component, { kind: 'version', ref: version }));
}
