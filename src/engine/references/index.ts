// Component references in Conductor ensembles and agents (YAML): the grammar Conductor reads
// (referenceGrammar.ts, with what was found of Conductor's resolution), which files hold them
// (referenceFiles.ts), their index with positions (referenceIndex.ts), what each resolves to by
// the tags and bad marks (referenceResolution.ts), and the verify gate (referenceReport.ts).
export { ComponentReference, REFERENCE_TYPES, parseComponentReference } from './referenceGrammar';
export { ReferenceScopeOptions, globToRegExp } from './referenceFiles';
export { IndexedFile, ReferenceFileProblem, ReferenceIndex, ReferenceSite, indexYamlText } from './referenceIndex';
export { ReferenceProblem, ReferenceProblemKind, ReferenceResolution, ReferenceSeverity, resolveReference } from './referenceResolution';
export { ReferenceGate, ResolvedSite, failsGate, referenceGate, resolveAll } from './referenceReport';
