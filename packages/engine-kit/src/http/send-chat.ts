import type { EngineHttpClient, EngineRequest } from './engine-http-client.js';
import type { EngineResponse } from './engine-response.js';

/** A chat request: always a POST, and `model` names the model in the error of a refusal. */
export type ChatRequest = Omit<EngineRequest, 'method'> & { model: string };

/** POSTs a chat request; a non-2xx answer rejects with the typed error it stands for. */
export async function sendChat(
  http: EngineHttpClient,
  { model, ...request }: ChatRequest,
): Promise<EngineResponse> {
  const response = await http.send({ method: 'POST', ...request });
  if (!response.ok) throw await response.error({ model });
  return response;
}
