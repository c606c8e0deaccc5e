import { type ChatMessage, EngineInputError, type GenerateOptions } from '@openjarvis/core';

const roles = new Set(['system', 'user', 'assistant', 'tool']);

/** Rejects input no engine could use, before anything is sent. */
export function validateChatRequest(
  messages: readonly ChatMessage[],
  options: GenerateOptions,
): void {
  if (typeof options !== 'object' || options === null) {
    throw new EngineInputError({ field: 'options', message: 'generate options are required' });
  }
  if (typeof options.model !== 'string' || options.model.trim() === '') {
    throw new EngineInputError({ field: 'model', message: 'options.model must name a model' });
  }
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new EngineInputError({ field: 'messages', message: 'at least one message is required' });
  }
  messages.forEach((message, index) => {
    const where = `messages[${index}]`;
    if (typeof message !== 'object' || message === null || !roles.has(message.role)) {
      throw new EngineInputError({
        field: `${where}.role`,
        message: `${where}.role must be one of system, user, assistant, tool`,
      });
    }
    if (typeof message.content !== 'string') {
      throw new EngineInputError({
        field: `${where}.content`,
        message: `${where}.content must be a string`,
      });
    }
    if (message.toolCalls !== undefined) validateToolCalls(message.toolCalls, `${where}.toolCalls`);
  });
  if (options.tools !== undefined) validateTools(options.tools);
  const { temperature, maxTokens } = options;
  if (
    temperature !== undefined &&
    (typeof temperature !== 'number' || !Number.isFinite(temperature) || temperature < 0)
  ) {
    throw new EngineInputError({
      field: 'temperature',
      message: 'temperature must be a finite number ≥ 0',
    });
  }
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || maxTokens <= 0)) {
    throw new EngineInputError({
      field: 'maxTokens',
      message: 'maxTokens must be a positive integer',
    });
  }
  if (
    options.extraBody !== undefined &&
    (typeof options.extraBody !== 'object' ||
      options.extraBody === null ||
      Array.isArray(options.extraBody))
  ) {
    throw new EngineInputError({ field: 'extraBody', message: 'extraBody must be an object' });
  }
}

function validateToolCalls(calls: unknown, where: string): void {
  if (!Array.isArray(calls)) {
    throw new EngineInputError({ field: where, message: `${where} must be an array` });
  }
  calls.forEach((call: unknown, index) => {
    const record =
      typeof call === 'object' && call !== null ? (call as Record<string, unknown>) : {};
    const args = record.arguments;
    if (
      typeof record.id !== 'string' ||
      typeof record.name !== 'string' ||
      typeof args !== 'object' ||
      args === null ||
      Array.isArray(args)
    ) {
      throw new EngineInputError({
        field: `${where}[${index}]`,
        message: `${where}[${index}] needs a string id and name and an object of arguments`,
      });
    }
  });
}

function validateTools(tools: unknown): void {
  if (!Array.isArray(tools)) {
    throw new EngineInputError({ field: 'tools', message: 'tools must be an array' });
  }
  tools.forEach((tool: unknown, index) => {
    const record =
      typeof tool === 'object' && tool !== null ? (tool as Record<string, unknown>) : {};
    const fn = record.function;
    const name =
      typeof fn === 'object' && fn !== null ? (fn as Record<string, unknown>).name : undefined;
    if (record.type !== 'function' || typeof name !== 'string' || name === '') {
      throw new EngineInputError({
        field: `tools[${index}]`,
        message: `tools[${index}] must be {type: 'function', function: {name, parameters?}}`,
      });
    }
  });
}
