/**
 * What a stretch of an environment's past says, shared by the engine's story (StorySegment) and
 * the timeline page's tracks (SegmentView): one definition, so the two cannot drift apart. No
 * imports: the webview's type check reads this file too.
 */

/** What an answer about a moment rests on. */
export type Evidence =
  /** An event this project recorded when it moved the tag. */
  | 'recorded'
  /** The tag's current position, dated before the moment by its own (tagger) date. */
  | 'unchanged-since'
  /** A move made by another tool, seen afterwards (tag date or reflog). */
  | 'observed'
  /** Nothing tells. */
  | 'unknown';

/** One stretch of time an environment of a component spent at one position. */
export interface SegmentFacts {
  readonly version: string | null;
  readonly commit: string | null;
  /** False: the environment did not exist then (deleted). */
  readonly present: boolean;
  readonly who: string | null;
  readonly why: string | null;
  readonly evidence: Evidence;
  /** set, rollback, undo, recreate, observed… (null: the tag as it is now, never recorded). */
  readonly action: string | null;
}
