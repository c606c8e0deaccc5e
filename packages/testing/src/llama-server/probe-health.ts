/** What one `GET /health` said about a llama-server. */
export type HealthProbe =
  /** Nothing listens yet (connection refused): not bound, or already gone. */
  | { readonly state: 'refused' }
  /** 503 `unavailable_error`: listening, model still loading. */
  | { readonly state: 'loading' }
  /** 200: ready. */
  | { readonly state: 'ok' }
  /** Anything else: another status, a timeout, a reset connection. */
  | { readonly state: 'other'; readonly detail: string };

function errorCode(error: unknown): string | undefined {
  // fetch wraps the socket error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }).
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause !== null && typeof cause === 'object' && 'code' in cause) {
    return typeof cause.code === 'string' ? cause.code : undefined;
  }
  return undefined;
}

/** One bounded `GET <baseUrl>/health`. */
export async function probeHealth(baseUrl: string, timeoutMs: number): Promise<HealthProbe> {
  try {
    const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    if (response.status === 200) return { state: 'ok' };
    if (response.status === 503) return { state: 'loading' };
    return { state: 'other', detail: `HTTP ${response.status}: ${body.slice(0, 200)}` };
  } catch (error) {
    if (errorCode(error) === 'ECONNREFUSED') return { state: 'refused' };
    return { state: 'other', detail: error instanceof Error ? error.message : String(error) };
  }
}
