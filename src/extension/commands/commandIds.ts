/** Every command this folder registers (titles, icons and menus are in package.json). */
export const COMMAND = {
  rollback: 'edgit.rollback',
  partialRollback: 'edgit.partialRollback',
  deployVersion: 'edgit.deployVersion',
  createVersion: 'edgit.createVersion',
  undo: 'edgit.undo',
  pushEnvironmentTags: 'edgit.pushEnvironmentTags',
  fetchEnvironmentTags: 'edgit.fetchEnvironmentTags',
  openVersion: 'edgit.openVersion',
  openEnvironment: 'edgit.openEnvironment',
  compareWith: 'edgit.compareWith',
  compareWithWorkingFile: 'edgit.compareWithWorkingFile',
  openWorkingFile: 'edgit.openWorkingFile',
  copyReference: 'edgit.copyReference',
  findReferences: 'edgit.findReferences',
  markVersionBad: 'edgit.markVersionBad',
  clearBadMark: 'edgit.clearBadMark',
} as const;
