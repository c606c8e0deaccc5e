/**
 * Arguments a fake model "chooses" for a tool: for each required property (or
 * each property, when none is required) the first enum value, or a fixed
 * value of the property's type. Deterministic, so tests can assert on it.
 */
export function toolArgumentsForSchema(parameters: unknown): Record<string, unknown> {
  const schema = isRecord(parameters) ? parameters : {};
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required)
    ? schema.required.filter((name): name is string => typeof name === 'string')
    : Object.keys(properties);
  const args: Record<string, unknown> = {};
  for (const name of required) {
    const property = isRecord(properties[name]) ? properties[name] : {};
    if (Array.isArray(property.enum) && property.enum.length > 0) args[name] = property.enum[0];
    else if (property.type === 'number' || property.type === 'integer') args[name] = 1;
    else if (property.type === 'boolean') args[name] = true;
    else args[name] = 'example';
  }
  return args;
}

export interface FakeTool {
  name: string;
  parameters: unknown;
}

/** The tools of an OpenAI-style request body. */
export function readTools(body: Record<string, unknown>): FakeTool[] {
  if (!Array.isArray(body.tools)) return [];
  const tools: FakeTool[] = [];
  for (const tool of body.tools) {
    if (!isRecord(tool) || !isRecord(tool.function) || typeof tool.function.name !== 'string')
      continue;
    tools.push({ name: tool.function.name, parameters: tool.function.parameters });
  }
  return tools;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Characters of text content in a message list, for the fakes' token estimates. */
export function promptCharacters(messages: unknown): number {
  if (!Array.isArray(messages)) return 0;
  let total = 0;
  for (const message of messages) {
    if (isRecord(message) && typeof message.content === 'string') total += message.content.length;
  }
  return total;
}
