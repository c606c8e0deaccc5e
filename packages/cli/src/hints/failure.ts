/** A failed run or check, as much as is known about it, for choosing a hint. */
export interface FailureReport {
  /** `metadata.errorKind` of the agent's result, or the kind a pre-flight check found. */
  errorKind: string;
  message: string;
  /** The engine type the run used (`ollama`, `vllm`, `llamacpp`, `openai-compatible`). */
  engineType?: string;
  /** The engine's root URL. */
  engineHost?: string;
  model?: string;
}
