/**
 * The nodes of the Edgit "Components" view (`edgit.components`) and their `contextValue`s.
 *
 * Shape: [repository →] namespace → component → environments (by `edgit.environmentOrder`, then
 * A→Z), then versions (highest first). The repository level appears only when more than one
 * repository of the workspace has Edgit tags.
 *
 * contextValue: a kind, then `;`-separated flags. Match them in menus with regular expressions,
 * e.g. `viewItem =~ /^edgit:env\b/`, `viewItem =~ /^edgit:env\b.*;protected\b/`.
 *
 *   edgit:repository                       a repository (multi-root only)
 *   edgit:namespace                        a namespace group (prompts, configs, agents…)
 *   edgit:component[;legacy][;recent][;drift] a component; `legacy`: old tag layout (read only);
 *                                          `recent`: one of its environments moved in the last 24 hours;
 *                                          `drift`: one of its environments differs from the remote
 *   edgit:env[;protected][;legacy][;lightweight][;noVersion][;bad][;unrecorded][;recent][;live|;pending][;drift;unpushed|;drift;remoteMoved]
 *                                          an environment tag. `unrecorded`: not where its newest
 *                                          recorded move put it (moved by another tool, as
 *                                          `edgit-deploy verify` reports); `recent`: moved in the
 *                                          last 24 hours; `protected`: named in
 *                                          `edgit.protectedEnvironments`; `lightweight`: not an
 *                                          annotated tag; `noVersion`: its commit has no version tag;
 *                                          `unpushed`: moved or created here, not pushed (local-ahead,
 *                                          local-only); `remoteMoved`: the remote differs because of
 *                                          someone else (remote-moved, diverged, differs, remote-deleted);
 *                                          `live`: a deploy reported its current position live;
 *                                          `pending`: it moved and no deploy reported that position yet
 *   edgit:version[;deployed][;prerelease][;legacy][;bad]
 *                                          a version tag; `deployed`: an environment is at it;
 *                                          `bad`: marked bad in the deployment history
 *   edgit:message[;error|;warning]         an information, error or warning row (no actions); the
 *                                          warning row says what was skipped as unreadable or
 *                                          contradicting git
 *
 * Every component, environment and version node carries `repository`, `component`,
 * `repositoryRoot` and `componentKey` (and `environment` / `version`): commands receive the node
 * itself as their argument.
 */
import { BadMark, ComponentInfo, DriftKind, EnvironmentInfo, LiveState, ReferenceSite, VersionInfo } from '../../engine';
import { EdgitRepository } from '../services';
import { EnvironmentFacts, TreeHistory } from './moveStory';

interface NodeBase {
  /** Stable across refreshes (repository root + component key + slot), so expansion survives. */
  readonly id: string;
  readonly parent: EdgitTreeNode | undefined;
}

export interface RepositoryNode extends NodeBase {
  readonly kind: 'repository';
  readonly repository: EdgitRepository;
  readonly repositoryRoot: string;
  readonly componentCount: number;
}

export interface NamespaceNode extends NodeBase {
  readonly kind: 'namespace';
  readonly repository: EdgitRepository;
  readonly repositoryRoot: string;
  readonly namespace: string;
  /** The keys of the components it groups (its children are built from the repository's snapshot when it opens). */
  readonly componentKeys: ReadonlySet<string>;
  /** Expanded at first when the repository is small. */
  readonly expanded: boolean;
}

interface ComponentScoped extends NodeBase {
  readonly repository: EdgitRepository;
  readonly component: ComponentInfo;
  readonly repositoryRoot: string;
  readonly componentKey: string;
}

export interface ComponentNode extends ComponentScoped {
  readonly kind: 'component';
  /** Drift kinds of its environments known when the node was made (tag name → kind). */
  readonly drift: ReadonlyMap<string, DriftKind> | undefined;
  /** Its environments in display order (`edgit.environmentOrder`, then A→Z): the first is what the row shows as live. */
  readonly environments: readonly EnvironmentInfo[];
  /** The bad mark of the version its first (live) environment is at, or null. */
  readonly liveBad: BadMark | null;
  /** The deployment history the rows were built with (undefined: the repository has none). */
  readonly history: TreeHistory | undefined;
  /** What its first (live) environment serves as its deploys reported it; undefined when never reported. */
  readonly live: LiveState | undefined;
  /** Its newest move of the last 24 hours (moveStory.RECENT_MS), or null: the row stands out. */
  readonly recent: { readonly environment: string; readonly atMs: number } | null;
  /** When the rows were built (what "recent" was measured against). */
  readonly builtAt: number;
}

export interface EnvironmentNode extends ComponentScoped {
  readonly kind: 'environment';
  readonly environment: EnvironmentInfo;
  readonly protected: boolean;
  readonly drift: DriftKind | undefined;
  /** The bad mark of the version it is at, or null. */
  readonly bad: BadMark | null;
  /** How it got where it is (deployment history, else the tag) and whether that move has no record. */
  readonly facts: EnvironmentFacts;
  /** The history its tooltip tells the story from (undefined: the repository has none). */
  readonly history: TreeHistory | undefined;
  /** Live or pending, as the deploy receipts say; undefined when no deploy ever reported this environment. */
  readonly live: LiveState | undefined;
  /** When the row was built (what "recent" is measured against). */
  readonly builtAt: number;
}

export interface VersionNode extends ComponentScoped {
  readonly kind: 'version';
  readonly version: VersionInfo;
  /** Environments at this version, in display order. */
  readonly environments: readonly string[];
  /** Its bad mark (from the deployment history), or null. */
  readonly bad: BadMark | null;
  /** The references in ensembles and agents that pin this version (`prompts/analysis@v2.0.0`). */
  readonly pins: readonly ReferenceSite[];
}

export interface MessageNode extends NodeBase {
  readonly kind: 'message';
  readonly label: string;
  readonly detail?: string;
  readonly error: boolean;
  /** A warning (shown with a warning icon) rather than information. */
  readonly warning?: boolean;
  readonly repository?: EdgitRepository;
}

export type EdgitTreeNode = RepositoryNode | NamespaceNode | ComponentNode | EnvironmentNode | VersionNode | MessageNode;

/** Ids: `<root>#<kind>:<key>[/<slot>]`. */
export const nodeIds = {
  repository: (root: string) => `${root}#repo`,
  namespace: (root: string, namespace: string) => `${root}#ns:${namespace}`,
  component: (root: string, key: string) => `${root}#c:${key}`,
  environment: (root: string, key: string, env: string) => `${root}#env:${key}/${env}`,
  version: (root: string, key: string, version: string) => `${root}#v:${key}/${version}`,
  message: (scope: string, what: string) => `${scope}#msg:${what}`,
};
