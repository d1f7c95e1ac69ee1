import * as vscode from 'vscode';
import {
  BumpLevel,
  ComponentInfo,
  CreatedVersion,
  EdgitError,
  createVersion as createVersionTag,
  formatReference,
  isBumpLevel,
  isEdgitError,
  pushAtomic,
  recordPushed,
  validateComponentName,
} from '../../engine';
import { BACK } from '../quickpicks/asyncQuickPick';
import { pickNewVersion } from '../quickpicks/bumpPick';
import { pickCommit } from '../quickpicks/commitPick';
import { NEW_COMPONENT, pickComponentOrNew } from '../quickpicks/componentPick';
import { Step, runSteps } from '../quickpicks/multiStep';
import { pickRepository } from '../quickpicks/repositoryPick';
import { EdgitRepository } from '../services';
import { COMMAND } from './commandIds';
import { CommandContext } from './commandContext';
import { onlyRepository, readTarget } from './commandTarget';
import { assertWritable, findComponent } from './findComponent';
import { remoteFor } from './remoteFor';
import { settleDrift } from './settleDrift';
import { CANCELLED, CommandResult, done } from './results';
import { notificationLine } from '../untrustedLabels';

const TITLE = 'Create Version';

export interface CreateOutcome {
  readonly tag: string;
  readonly version: string;
  readonly commit: string;
  /** `prompts/extraction@v1.2.0` */
  readonly reference: string;
  readonly pushedTo: string | null;
}

interface CreateState {
  readonly repository?: EdgitRepository;
  readonly component?: ComponentInfo;
  /** `namespace/name` of a component without versions yet. */
  readonly newId?: string;
  readonly version?: string;
  readonly commit?: string;
}

/**
 * `edgit.createVersion`: an immutable, annotated version tag (`Release {name} {version}`, as the
 * CLI writes) on HEAD or a picked commit; the version is a bump of the highest one or typed.
 *
 * Arguments: a tree node, or `{ repositoryRoot, componentKey, version? | bump?, commit?, message?,
 * prefix?, push? }`. Testing/scripting hook: with repositoryRoot, componentKey (an existing
 * component, or `namespace/name` for a new one) AND `version` or `bump` (patch|minor|major|
 * prerelease), nothing is asked: the commit defaults to HEAD and `push` to edgit.pushMode
 * "always". Returns CommandResult<CreateOutcome>.
 */
export async function createVersion(ctx: CommandContext, arg: unknown): Promise<CommandResult<CreateOutcome>> {
  const target = readTarget(ctx.services, arg);
  const a = target.args;
  const bump = typeof a.bump === 'string' && isBumpLevel(a.bump) ? a.bump : undefined;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  // Only a typed `version` argument names the version to create (a version node's is an existing one).
  const version = str(a.version);
  if (target.repository && target.componentKey && (version || bump)) {
    return create(ctx, target.repository, {
      component: target.componentKey,
      version,
      bump,
      commit: str(a.commit) ?? 'HEAD',
      message: str(a.message),
      prefix: a.prefix === 'logic' ? 'logic' : undefined,
      push: typeof a.push === 'boolean' ? a.push : undefined,
    });
  }

  const repository = target.repository ?? onlyRepository(ctx.services);
  const initial: CreateState = target.componentKey
    ? { ...(await findComponent(ctx.services, repository, target.componentKey)), version }
    : { repository, version };
  if (initial.component) assertWritable(initial.component);
  const state = await runSteps(initial, stepsFor(ctx, initial));
  if (!state?.repository || !state.version || !state.commit || !(state.component || state.newId)) return CANCELLED;
  return create(ctx, state.repository, { component: state.component?.key ?? state.newId!, version: state.version, commit: state.commit });
}

interface CreateRequest {
  readonly component: string;
  readonly version?: string;
  readonly bump?: BumpLevel;
  readonly commit: string;
  readonly message?: string;
  readonly prefix?: 'components' | 'logic';
  readonly push?: boolean;
}

async function create(ctx: CommandContext, repository: EdgitRepository, req: CreateRequest): Promise<CommandResult<CreateOutcome>> {
  const settings = ctx.services.settings();
  const created = await repository.withMutedWatcher(async () => createVersionTag(repository.git, await repository.snapshot(), req));
  const snapshot = await repository.snapshot();
  const id = snapshot.components.find((c) => created.tag.startsWith(`${c.key}/`))?.id ?? req.component;
  const reference = formatReference(id, created.version);
  ctx.services.log.info(`Created ${created.tag} at ${created.commit}`);
  const remote = await remoteFor(repository, settings).catch(() => null);
  const push = req.push ?? settings.pushMode === 'always';
  let pushedTo: string | null = null;
  let pushProblem = '';
  if (push && remote) {
    try {
      await settleDrift(repository);
      await pushVersion(repository, remote, created);
      pushedTo = remote;
    } catch (e) {
      pushProblem = ` It was not pushed: ${isEdgitError(e) ? e.userMessage : String(e)}`;
      ctx.services.log.warn(`Create version: push of ${created.tag} failed: ${String(e)}`);
    }
  }
  const where = pushedTo ? ` Pushed to ${pushedTo}.` : pushProblem || (remote ? ' Local only: not pushed yet.' : '');
  const actions = ['Deploy…', ...(!pushedTo && remote ? ['Push'] : []), 'Copy Reference'];
  void vscode.window.showInformationMessage(notificationLine(`Created ${reference} at ${created.commit.slice(0, 10)}.${where}`), ...actions).then(async (choice) => {
    if (choice === 'Deploy…') {
      void vscode.commands.executeCommand(COMMAND.deployVersion, { repositoryRoot: repository.root, componentKey: created.tag.slice(0, -created.version.length - 1), version: created.version });
    } else if (choice === 'Push') {
      void vscode.commands.executeCommand(COMMAND.pushEnvironmentTags, { repositoryRoot: repository.root });
    } else if (choice === 'Copy Reference') {
      await vscode.env.clipboard.writeText(reference);
    }
  });
  return done({ tag: created.tag, version: created.version, commit: created.commit, reference, pushedTo });
}

/** Pushes only the new version tag; the remote must not have it yet. One tag: within any tag-event limit (the smallest is 1), so no choice of how to push is asked. */
async function pushVersion(repository: EdgitRepository, remote: string, created: CreatedVersion): Promise<void> {
  const update = { ref: `refs/tags/${created.tag}`, expectedRemote: null, newValue: created.objectName };
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Pushing ${created.version} to ${remote}…` }, async () => {
    await pushAtomic(repository.git, remote, [update]);
    await recordPushed(repository.git, remote, [update]);
  });
  repository.refresh({ drift: true });
}

function stepsFor(ctx: CommandContext, initial: CreateState): Step<CreateState>[] {
  const steps: Step<CreateState>[] = [];
  if (!initial.component) {
    steps.push(async (s, pos) => {
      const picked = await pickComponentOrNew(ctx.services, { title: TITLE, ...pos, repository: s.repository, filter: (c) => !c.legacy, allowNew: true });
      if (picked === BACK || picked === undefined) return picked;
      if (picked !== NEW_COMPONENT) return { ...s, ...picked, newId: undefined };
      const repository = s.repository ?? (await pickRepository(ctx.services, TITLE));
      if (!repository || repository === BACK) return undefined;
      const newId = await askNewComponent();
      return newId ? { ...s, repository, component: undefined, newId } : undefined;
    });
  }
  if (!initial.version) {
    steps.push(async (s, pos) => {
      const picked = await pickNewVersion(`${TITLE}: ${s.component?.id ?? s.newId}`, s.component, pos);
      return picked === BACK || picked === undefined ? picked : { ...s, version: picked };
    });
  }
  steps.push(async (s, pos) => {
    const picked = await pickCommit(s.repository!.git, `${TITLE}: ${s.component?.id ?? s.newId}@${s.version}`, pos);
    return picked === BACK || picked === undefined ? picked : { ...s, commit: picked };
  });
  return steps;
}

function askNewComponent(): Thenable<string | undefined> {
  return vscode.window
    .showInputBox({
      title: `${TITLE}: new component`,
      prompt: 'namespace/name, e.g. prompts/extraction (namespace: prompts, agents, queries, templates, configs, scripts, schemas, ensembles, tools, routes)',
      ignoreFocusOut: true,
      validateInput: (value) => {
        const parts = value.trim().split('/');
        if (parts.length !== 2) return 'Type namespace/name, e.g. prompts/extraction.';
        try {
          validateComponentName(parts[0], parts[1]);
          return undefined;
        } catch (e) {
          return e instanceof EdgitError ? e.userMessage : String(e);
        }
      },
    })
    .then((v) => v?.trim() || undefined);
}
