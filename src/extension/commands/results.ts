/**
 * What every Edgit command returns, so tests (and other commands) can assert on outcomes:
 * `done` with the command's data, `cancelled` when the user backed out, `failed` with the
 * error code and the message the user saw.
 */
export type Done<T extends object> = { readonly status: 'done' } & T;
export interface Cancelled {
  readonly status: 'cancelled';
}
export interface Failed {
  readonly status: 'failed';
  readonly code: string;
  readonly message: string;
}
export type CommandResult<T extends object = object> = Done<T> | Cancelled | Failed;

export const CANCELLED: Cancelled = { status: 'cancelled' };

export function done<T extends object>(data: T): Done<T> {
  return { status: 'done', ...data };
}
