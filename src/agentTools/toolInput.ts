import { EdgitError, isGitRefSegment, parseComponentKey, validateEnvironmentName } from '../engine';
import { parseMoment } from '../engine/timeArgument';

/**
 * Reading a tool's input: an object whose fields are checked one by one, each with a message that
 * says what to send instead. Names go through the engine's grammar before they reach git, moments
 * through the CLI's time parsing.
 */

export class ToolInput {
  private constructor(
    private readonly tool: string,
    private readonly fields: Readonly<Record<string, unknown>>,
  ) {}

  /** The input of `tool`, refused unless an object with only the `known` fields. */
  static of(tool: string, input: unknown, known: readonly string[]): ToolInput {
    const value = input ?? {};
    if (typeof value !== 'object' || Array.isArray(value)) throw bad(`${tool} takes an object of named inputs.`, `Its inputs: ${known.join(', ') || 'none'}.`);
    const unknown = Object.keys(value).filter((k) => !known.includes(k));
    if (unknown.length) throw bad(`${tool} has no input ${unknown.map((k) => JSON.stringify(k)).join(', ')}.`, `Its inputs: ${known.join(', ') || 'none'}.`);
    return new ToolInput(tool, value as Record<string, unknown>);
  }

  string(name: string, options: { required: true; max?: number }): string;
  string(name: string, options?: { required?: false; max?: number }): string | undefined;
  string(name: string, options: { required?: boolean; max?: number } = {}): string | undefined {
    const v = this.fields[name];
    if (v === undefined || v === null || v === '') {
      if (options.required) throw bad(`${this.tool} needs ${name}.`);
      return undefined;
    }
    if (typeof v !== 'string') throw bad(`${this.tool}: ${name} must be a string.`);
    const max = options.max ?? 500;
    if (v.length > max) throw bad(`${this.tool}: ${name} is longer than ${max} characters.`);
    return v.trim();
  }

  boolean(name: string): boolean {
    const v = this.fields[name];
    if (v === undefined || v === null) return false;
    if (typeof v !== 'boolean') throw bad(`${this.tool}: ${name} must be true or false.`);
    return v;
  }

  /** A list of strings, each read by `read`; undefined when absent. */
  list<T>(name: string, read: (value: unknown, where: string) => T, max = 100): T[] | undefined {
    const v = this.fields[name];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) throw bad(`${this.tool}: ${name} must be a list.`);
    if (v.length > max) throw bad(`${this.tool}: ${name} has more than ${max} items.`);
    return v.map((x, i) => read(x, `${name}[${i}]`));
  }

  /** A component as typed (`prompts/extraction`, `components/prompts/extraction`), checked against the tag grammar. */
  component(name: string, options: { required: true }): string;
  component(name: string, options?: { required?: false }): string | undefined;
  component(name: string, options: { required?: boolean } = {}): string | undefined {
    const v = options.required ? this.string(name, { required: true, max: 300 }) : this.string(name, { max: 300 });
    return v === undefined ? undefined : componentName(v, `${this.tool}: ${name}`);
  }

  /** An environment name to read (any name git can hold as a tag). */
  environment(name: string, options: { required: true; toMove: boolean }): string;
  environment(name: string, options?: { required?: false; toMove?: boolean }): string | undefined;
  environment(name: string, options: { required?: boolean; toMove?: boolean } = {}): string | undefined {
    const v = options.required ? this.string(name, { required: true, max: 200 }) : this.string(name, { max: 200 });
    if (v === undefined) return undefined;
    if (options.toMove) return validateEnvironmentName(v);
    if (!isGitRefSegment(v)) throw bad(`${this.tool}: ${name} "${v}" is not an environment name.`, 'Environments are named like "production" or "staging".');
    return v;
  }

  /** A version as typed (`v1.2.0`); the component's versions decide whether it exists. */
  version(name: string, options: { required: true }): string;
  version(name: string, options?: { required?: false }): string | undefined;
  version(name: string, options: { required?: boolean } = {}): string | undefined {
    const v = options.required ? this.string(name, { required: true, max: 200 }) : this.string(name, { max: 200 });
    return v === undefined ? undefined : versionName(v, `${this.tool}: ${name}`);
  }

  /** An ISO 8601 moment (local time of the server without an offset), as the CLI reads TIME. */
  moment(name: string, options: { required: true }): Date;
  moment(name: string, options?: { required?: false }): Date | undefined;
  moment(name: string, options: { required?: boolean } = {}): Date | undefined {
    const v = options.required ? this.string(name, { required: true, max: 100 }) : this.string(name, { max: 100 });
    if (v === undefined) return undefined;
    try {
      return parseMoment(v);
    } catch (e) {
      if (e instanceof EdgitError) throw bad(`${this.tool}: ${name}: ${e.message}`, e.hint);
      throw e;
    }
  }

  /** A whole number between `min` and `max`, else `fallback`. */
  integer(name: string, min: number, max: number, fallback: number): number {
    const v = this.fields[name];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw bad(`${this.tool}: ${name} must be a whole number from ${min} to ${max}.`);
    return v;
  }

  /** The raw value of a field (for nested objects the tool reads itself). */
  raw(name: string): unknown {
    return this.fields[name];
  }
}

export function bad(message: string, hint?: string): EdgitError {
  return new EdgitError(message, 'bad-input', hint);
}

/** A component id or key as typed, each part a name git can hold. */
export function componentName(typed: string, where: string): string {
  const text = typed.trim().replace(/@.*$/, '');
  const parts = text.split('/');
  const ok = parts.every(isGitRefSegment) && (parts.length === 2 || (parts.length === 3 && !!parseComponentKey(text)));
  if (!ok) {
    throw bad(`${where} "${typed}" is not a component.`, 'Name it like prompts/extraction (its type and name, as `edgit_status` lists them).');
  }
  return text;
}

/** A version as typed: one name git can hold (`v1.2.0`). */
export function versionName(typed: string, where: string): string {
  if (!isGitRefSegment(typed)) throw bad(`${where} "${typed}" is not a version.`, 'Versions look like v1.2.0.');
  return typed;
}
