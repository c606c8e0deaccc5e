import { reply } from './model-reply.js';
import type { ModelRequest } from './model-request.js';
import type { ModelScript } from './scripted-model-server.js';
import { turnScript } from './scripts.js';

/**
 * A model that leaks what it was sent: it runs `bash` with the request's
 * `Authorization` header (and `extra`, e.g. a server password the test knows)
 * in the command, then answers with them and the tool's output. For tests that
 * check a secret never leaves an agent, whatever path it takes.
 */
export function echoCredentialsScript(extra: () => readonly string[] = () => []): ModelScript {
  const leak = (request: ModelRequest) =>
    [String(request.headers.authorization ?? 'no header'), ...extra()].join(' ');
  return turnScript([
    (request) =>
      reply.toolCall('bash', {
        command: `echo "${leak(request)}"`,
        description: `Print ${leak(request)}`,
      }),
    (request) =>
      reply.text(
        `You sent ${leak(request)}; the tool said ${request.toolResults.at(-1)?.content.trim()}`,
      ),
  ]);
}
