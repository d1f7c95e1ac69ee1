import type { Evidence, FromPage } from '../../extension/timeline/protocol';
import type { MomentOptions } from './momentPicker';

/** What a rendered row may do: move the moment, or ask the extension for something. */
export interface PageActions {
  /** Moves the moment (null: now); `now` sends at once instead of after a short pause (dragging); `zoom` zooms around it when the window is wide. */
  setMoment(ms: number | null, options?: MomentOptions): void;
  post(message: FromPage): void;
  /** Tells the extension what is drawn now (after a list drew more rows). */
  report(): void;
}

/** The evidence badges' words. */
export const EVIDENCE_TEXT: Readonly<Record<Evidence, string>> = {
  recorded: 'recorded',
  observed: 'observed',
  'unchanged-since': 'unchanged since',
  unknown: 'unknown',
};
