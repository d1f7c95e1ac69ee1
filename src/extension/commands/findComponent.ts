import { ComponentInfo, EdgitError } from '../../engine';
import { ComponentChoice } from '../quickpicks/componentPick';
import { EdgitRepository, EdgitServices } from '../services';

/**
 * A component named by key, id or reference, in the given repository or, when none is given,
 * in the only open repository that has it.
 */
export async function findComponent(services: EdgitServices, repository: EdgitRepository | undefined, typed: string): Promise<ComponentChoice> {
  if (repository) return { repository, component: (await repository.snapshot()).find(typed) };
  const found: ComponentChoice[] = [];
  for (const r of services.repositories()) {
    const snapshot = await r.snapshot();
    try {
      found.push({ repository: r, component: snapshot.find(typed) });
    } catch {
      // not in this repository
    }
  }
  if (found.length === 1) return found[0];
  if (!found.length) throw new EdgitError(`No open repository has a component "${typed}".`, 'unknown-component', 'Check the name (namespace/name, e.g. prompts/extraction).');
  throw new EdgitError(
    `"${typed}" exists in ${found.map((f) => f.repository.name).join(' and ')}.`,
    'unknown-component',
    'Pass repositoryRoot to say which repository.',
  );
}

/** Refuses components whose legacy tag layout this extension never writes. */
export function assertWritable(component: ComponentInfo): void {
  if (component.legacy) {
    throw new EdgitError(
      `${component.key} uses a legacy tag layout, which Edgit for VS Code reads but never writes.`,
      'invalid-name',
      'Migrate it to components/<type>/<name>/<slot> tags with the Edgit CLI first.',
    );
  }
}
