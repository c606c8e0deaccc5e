/**
 * Whether the llama-server answering at `baseUrl` serves `modelPath`, read
 * from `/props` `model_path`. A health check alone cannot tell our server from
 * another process that already held the port: ours dies on the bind conflict
 * while the other answers every probe. Anything but a matching `/props` is "no".
 */
export async function servesModel(
  baseUrl: string,
  modelPath: string,
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/props`, {
      headers,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      return false;
    }
    const props: unknown = await response.json();
    return (
      typeof props === 'object' &&
      props !== null &&
      'model_path' in props &&
      props.model_path === modelPath
    );
  } catch {
    return false;
  }
}
