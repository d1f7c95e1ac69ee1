import { EdgitError, EnvironmentMove } from '../../engine';

/**
 * What the person was asked to confirm, kept between a moving tool's `prepareInvocation` (which
 * builds the question) and its `invoke` (which VS Code calls only once the person confirmed it),
 * keyed by the tool and its exact input. A move is made only when it was asked for this input and
 * is still the same move (the same tag, from the same object, to the same version); otherwise
 * nothing moves and the tool says so. Bounded: questions never answered are forgotten.
 */
export class ConfirmedMoves<T> {
  private readonly asked = new Map<string, T>();

  constructor(private readonly keep = 32) {}

  /** Remembers the question asked for this tool and input (replacing an earlier one). */
  remember(tool: string, input: unknown, question: T): void {
    const key = keyOf(tool, input);
    this.asked.delete(key);
    this.asked.set(key, question);
    while (this.asked.size > this.keep) this.asked.delete(this.asked.keys().next().value as string);
  }

  /** The question asked for this tool and input, forgotten now (one answer, one move); refused when none was asked. */
  take(tool: string, input: unknown): T {
    const key = keyOf(tool, input);
    const question = this.asked.get(key);
    if (question === undefined) {
      throw new EdgitError(
        `Nothing was changed: ${tool} moves only after the person confirmed this exact move, and it was not asked for this input.`,
        'bad-usage',
        'Invoke the tool through VS Code (vscode.lm.invokeTool or chat), which asks the person first.',
      );
    }
    this.asked.delete(key);
    return question;
  }
}

/** The tool and its input, the same for the same input whatever the order of its keys. */
function keyOf(tool: string, input: unknown): string {
  return `${tool}\n${JSON.stringify(sorted(input))}`;
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** A move as confirmed: its tag, the object it held and the version it goes to. */
function moveIdentity(m: EnvironmentMove): string {
  return `${m.tag} ${m.fromObject ?? '(none)'} → ${m.to?.target ?? '(none)'}`;
}

/**
 * The moves planned again at the moment of the move, when they are the ones confirmed; else
 * nothing moves (a tag moved meanwhile, a version was marked bad…) and the person is asked again.
 */
export function sameMovesAsConfirmed(confirmed: readonly EnvironmentMove[], planned: readonly EnvironmentMove[]): readonly EnvironmentMove[] {
  const a = confirmed.map(moveIdentity).sort();
  const b = planned.map(moveIdentity).sort();
  if (a.length !== b.length || a.some((x, i) => x !== b[i])) {
    throw new EdgitError(
      'Nothing was changed: the environment moved since the person confirmed the move, so the confirmed move is no longer the move to make.',
      'conflict',
      'Ask again: the tool plans the move on the tags as they are now and asks the person to confirm it.',
    );
  }
  return planned;
}
