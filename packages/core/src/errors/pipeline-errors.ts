import { hasMarker, JarvisError } from './jarvis-error.js';

const definitionMarker = Symbol.for('openjarvis.error.PipelineDefinitionError');

/** A pipeline was built wrongly: no steps, an empty group, a duplicate or empty step name. */
export class PipelineDefinitionError extends JarvisError {
  readonly [definitionMarker] = true;
  /** The pipeline's name. */
  readonly pipeline: string;

  constructor(options: { pipeline: string; message: string }) {
    super(`pipeline "${options.pipeline}": ${options.message}`);
    this.name = 'PipelineDefinitionError';
    this.pipeline = options.pipeline;
  }

  static override isInstance(error: unknown): error is PipelineDefinitionError {
    return hasMarker(error, definitionMarker);
  }
}
