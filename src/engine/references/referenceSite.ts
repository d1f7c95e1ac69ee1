import { ComponentReference } from './referenceGrammar';

/** What the index holds for a file: its references with their positions, or the problem that kept it from being read. */

/** Where a reference is: 1-based line and column of its first and last-plus-one character, and the same as offsets. */
export interface ReferencePosition {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly offset: number;
  readonly endOffset: number;
}

export interface ReferenceSite extends ReferencePosition {
  /** Repository-relative, with `/`. */
  readonly file: string;
  /** The mapping key it sits under (`prompt`, `schema`…), or null. */
  readonly key: string | null;
  readonly reference: ComponentReference;
}

/** A file that could not be read as YAML (or at all): one problem, at the first error. */
export interface ReferenceFileProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface IndexedFile {
  readonly file: string;
  readonly references: readonly ReferenceSite[];
  readonly problem: ReferenceFileProblem | null;
}
