import { type ModelReply, reply } from './model-reply.js';
import type { ModelRequest } from './model-request.js';
import type { ModelScript } from './scripted-model-server.js';

/**
 * A script that plays `steps` in order within each turn: the first model call
 * of a turn gets `steps[0]`, the call after the first tool result `steps[1]`,
 * and so on. Past the last step it answers `fallback`.
 */
export function turnScript(
  steps: ReadonlyArray<ModelReply | ((request: ModelRequest) => ModelReply)>,
  fallback: ModelReply = reply.text('Done.'),
): ModelScript {
  return (request) => {
    if (request.isTitleRequest) return reply.text('Scripted session');
    const step = steps[request.step];
    if (step === undefined) return fallback;
    return typeof step === 'function' ? step(request) : step;
  };
}

/**
 * Picks a turn script by a marker found in the user's text, e.g.
 * `{ '[[bash]]': turnScript([...]) }`. Requests with no known marker get `fallback`.
 */
export function markerScript(
  byMarker: Record<string, ModelScript>,
  fallback: ModelScript = turnScript([]),
): ModelScript {
  const markers = Object.entries(byMarker);
  return (request) => {
    for (const [marker, script] of markers) {
      if (request.userText.includes(marker)) return script(request);
    }
    return fallback(request);
  };
}
