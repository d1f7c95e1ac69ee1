// The Edgit engine: everything about Edgit tags that plain Node can run. No `vscode` import here.
export * from './errors';
export * from './git';
export * from './tagGrammar';
export * from './versionOrder';
export * from './snapshot';
export * from './componentFiles';
export * from './tagObjects';
export * from './refTransaction';
export * from './environmentMoves';
export * from './versionCreation';
export * from './remote';
export * from './remoteSyncState';
export * from './rollbackPlan';
export * from './deployment';
export * from './history';
export * from './movePlan';
export * from './rollout';
