import type { ChatMessage, GenerateOptions } from '@openjarvis/core';
import { EngineInputError } from '../errors/engine-input-error.js';

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
  });
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
