/**
 * The one tool of the engine tests, in the OpenAI function shape (and so assignable to
 * core's `ToolDefinition`). Its enum keeps the one argument within two values: a grammar
 * can force them on the real llama-server, and the fake engines "choose" the first, `Oslo`.
 */
export const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city.',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string', enum: ['Oslo', 'Paris'] } },
      required: ['city'],
    },
  },
};
