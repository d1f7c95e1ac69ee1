// Component references in Conductor ensembles and agents (YAML): the grammar Conductor reads
// (referenceGrammar.ts, with what was found of Conductor's resolution), which files hold them
// (referenceFiles.ts), their index with positions (referenceIndex.ts), what each resolves to by
// the tags and bad marks (referenceResolution.ts), the verify gate (referenceReport.ts), and the
// pins a planned environment move leaves behind (pinsLeftBehind.ts).
export { parseComponentReference } from './referenceGrammar';
export { ReferenceScopeOptions, globToRegExp } from './referenceFiles';
export { ReferenceFileProblem, ReferenceIndex, ReferenceSite, indexYamlText } from './referenceIndex';
export { ReferenceProblem, resolveReference } from './referenceResolution';
export { ReferenceGate, ResolvedSite, gateProblems, referenceGate, resolveAll } from './referenceReport';
export { MovePinsLeftBehind, pinsLeftBehind } from './pinsLeftBehind';
