import type { WorkflowTag } from '@openjarvis/core';

/**
 * A payload as it may really arrive: the field names of `T`, every value
 * unknown. Events are typed at compile time only, and a publisher that casts
 * or a replayed recording can hand over anything.
 */
export type Fields<T> = { readonly [K in keyof T]?: unknown };

export function fieldsOf<T>(data: unknown): Fields<T> {
  return typeof data === 'object' && data !== null ? (data as Fields<T>) : {};
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

export function workflowTagOf(value: unknown): WorkflowTag | undefined {
  const tag = fieldsOf<WorkflowTag>(value);
  const id = str(tag.id);
  const name = str(tag.name);
  const step = str(tag.step);
  if (id === undefined || name === undefined || step === undefined) return undefined;
  return { id, name, step };
}

export interface ServerFields {
  address: string;
  port: number | undefined;
}

export function serverOf(value: unknown): ServerFields | undefined {
  const server = fieldsOf<ServerFields>(value);
  const address = str(server.address);
  return address === undefined ? undefined : { address, port: num(server.port) };
}

/** A payload's `error` (`{ kind, message }`), as far as it is well-formed; undefined when absent. */
export function failureOf(value: unknown): { kind?: string; message?: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const failure = fieldsOf<{ kind: string; message: string }>(value);
  const kind = str(failure.kind);
  const message = str(failure.message);
  return {
    ...(kind === undefined ? {} : { kind }),
    ...(message === undefined ? {} : { message }),
  };
}
