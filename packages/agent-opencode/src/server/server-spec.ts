import { createHash } from 'node:crypto';
import type { OpenCodeConfig } from '../config/build-opencode-config.js';
import type { ResolvedRecyclePolicy } from './recycle-policy.js';

/**
 * Everything about an opencode server that is the same for every run on it.
 * Agents whose specs are equal share one server (or one pool of them); what
 * differs per agent (workspace, opencode agent, system prompt, model among
 * the configured ones, permission answers) travels with each session.
 */
export interface ServerSpec {
  binary: string;
  hostname: string;
  port: number;
  username: string;
  /** The server's password; undefined: the pool makes one up. */
  password: string | undefined;
  /** The generated config: providers, models, agents and their permissions. */
  config: OpenCodeConfig;
  ripgrep: string | undefined;
  dataDir: string | undefined;
  ignoreProjectConfig: boolean;
  env: Record<string, string> | undefined;
  /** Most opencode processes the pool runs at once. */
  maxServers: number;
  /** When to replace a server; undefined: never. */
  recycle: ResolvedRecyclePolicy | undefined;
}

/** An existing server to use instead of starting one. */
export interface AttachSpec {
  url: string;
  username: string;
  password: string;
}

/**
 * The identity of a spec: equal specs give equal keys. A digest, so that the
 * password and the engine key in the config never sit in a map key in clear.
 */
export function serverKey(spec: ServerSpec | AttachSpec): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('base64url');
}

/** JSON with object keys sorted, so that key order does not make two equal specs differ. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
