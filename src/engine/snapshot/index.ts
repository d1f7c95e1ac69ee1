// The repository snapshot: everything the tags of one repository say (model.ts), read from git
// (load.ts: names and ids listed, objects read length-prefixed, facts cached by object id), built
// into components (build.ts), and patched when a few tags change (refresh.ts).
export { ComponentInfo, ComponentName, EnvironmentInfo, RepositorySnapshot, VersionInfo, inComponentOrder } from './model';
export { REF_LIST_ARGS } from './listing';
export { cachedSnapshot, loadSnapshot, peelToCommits, rememberedComponentNames } from './load';
export { confirmSnapshot, refreshSnapshot } from './refresh';
