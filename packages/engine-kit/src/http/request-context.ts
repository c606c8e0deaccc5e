/** What a request is for, for error messages. */
export interface RequestContext {
  engineId: string;
  /** The full URL requested (never contains credentials). */
  url: string;
  /** A short name for the operation, e.g. `vllm stream`. */
  operation: string;
}
