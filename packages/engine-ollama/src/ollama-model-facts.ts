import type { ToolSupport } from '@openjarvis/core';
import { isRecord } from '@openjarvis/engine-kit';

/**
 * Tool support from `/api/show`'s `capabilities` (`["completion", "tools", …]`),
 * which Ollama derives from the model's template. Servers too old to report
 * capabilities leave it `unknown`.
 */
export function readToolSupport(show: unknown): ToolSupport {
  if (!isRecord(show) || !Array.isArray(show.capabilities)) return 'unknown';
  return show.capabilities.includes('tools') ? 'yes' : 'no';
}

/** `num_ctx` from the Modelfile parameters `/api/show` reports, when set. */
export function readModelfileNumCtx(show: unknown): number | undefined {
  if (!isRecord(show) || typeof show.parameters !== 'string') return undefined;
  const numCtx = /^\s*num_ctx\s+(\d+)\s*$/m.exec(show.parameters)?.[1];
  return numCtx === undefined ? undefined : Number(numCtx);
}

/** The trained maximum, `<arch>.context_length` in `/api/show`'s `model_info`. */
export function readTrainedContextLength(show: unknown): number | undefined {
  if (!isRecord(show)) return undefined;
  const info = show.model_info;
  if (!isRecord(info)) return undefined;
  const architecture = info['general.architecture'];
  const preferred =
    typeof architecture === 'string' ? info[`${architecture}.context_length`] : undefined;
  if (typeof preferred === 'number') return preferred;
  for (const [key, value] of Object.entries(info)) {
    if (key.endsWith('.context_length') && typeof value === 'number') return value;
  }
  return undefined;
}

/**
 * The window a loaded model runs with, from `/api/ps` (`context_length`, what
 * `ollama ps` shows as CONTEXT); undefined when the model is not loaded or the
 * server does not report it.
 */
export function readLoadedContextLength(ps: unknown, model: string): number | undefined {
  if (!isRecord(ps) || !Array.isArray(ps.models)) return undefined;
  for (const entry of ps.models) {
    if (!isRecord(entry)) continue;
    const names = [entry.name, entry.model];
    if (!names.includes(model) && !names.includes(`${model}:latest`)) continue;
    const length = entry.context_length;
    return typeof length === 'number' && length > 0 ? length : undefined;
  }
  return undefined;
}
