import { BACK, Back } from './asyncQuickPick';

/** Where a step is in its flow, for the pick's title bar and Back button. */
export interface StepPosition {
  readonly step: number;
  readonly totalSteps: number;
  readonly canGoBack: boolean;
}

/** One step: reads the state so far, returns it extended, BACK, or undefined (cancelled). */
export type Step<S> = (state: S, position: StepPosition) => Promise<S | Back | undefined>;

/**
 * Runs the steps in order with a working Back button (each step sees the state from before it
 * ran the last time). Steps already answered by command arguments are simply left out by the
 * caller. Resolves with the final state, or undefined when the user cancelled.
 */
export async function runSteps<S>(initial: S, steps: readonly Step<S>[]): Promise<S | undefined> {
  const states: S[] = [initial];
  let i = 0;
  while (i < steps.length) {
    const result = await steps[i](states[i], { step: i + 1, totalSteps: steps.length, canGoBack: i > 0 });
    if (result === undefined) return undefined;
    if (result === BACK) {
      i = Math.max(0, i - 1);
      continue;
    }
    states[i + 1] = result;
    i++;
  }
  return states[steps.length];
}
