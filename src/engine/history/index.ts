// The deployment history: events recorded with every environment move, kept in git under
// refs/edgit/history, and the time travel built on them.
export * from './historyEvents';
export * from './deploymentHistory';
export * from './historyRefs';
export * from './historyReader';
export * from './historyWriter';
export * from './observe';
export * from './historyCompanion';
export * from './timedNote';
export * from './timeTravel';
export * from './recreate';
export * from './badMarks';
export * from './markRecording';
export * from './heldPositions';
export * from './rollbackSuggestion';
export * from './eventChecks';
