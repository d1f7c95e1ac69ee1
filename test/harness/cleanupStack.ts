// Cleanup steps run once, newest first, whether the run ends normally or on a signal.

export class CleanupStack {
  private readonly steps: (() => unknown)[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly onError: (error: unknown) => void) {}

  push(step: () => unknown): void {
    this.steps.push(step);
  }

  /** Runs every step (a failing step does not stop the others); later calls share the first run. */
  run(): Promise<void> {
    return (this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step();
        } catch (error) {
          this.onError(error);
        }
      }
    })());
  }
}
