import { reply } from './model-reply.js';
import type { ModelScript } from './scripted-model-server.js';
import { turnScript } from './scripts.js';

/**
 * The stand-in model of the demo: it writes `hello.txt` with the `write`
 * tool, runs it through `bash`, then summarises what the tools returned.
 */
export const demoScript: ModelScript = turnScript([
  reply.toolCall('write', { filePath: 'hello.txt', content: 'Hello from the OpenJarvis demo.\n' }),
  reply.toolCall('bash', {
    command: 'wc -c hello.txt',
    description: 'Count the bytes of hello.txt',
  }),
  (request) => {
    const counted = request.toolResults.at(-1)?.content.trim() ?? '(no output)';
    return reply.text(
      `I wrote hello.txt with the write tool, then ran \`wc -c hello.txt\`, which printed: ${counted}`,
    );
  },
]);
