import { type AnyJarvisEvent, EventType } from '@openjarvis/core';

/** The default pause, with nothing from the model, between two heartbeat lines. */
export const defaultHeartbeatMs = 10_000;

/**
 * Says "still waiting" when a run has been quiet for a while: a local model
 * can take minutes over its first token (loading, a long prompt on a CPU),
 * and a silent terminal looks hung. Fed every event of the run; calls
 * `say(waitedMs)` every `intervalMs` of silence, but only while the run is
 * waiting on the model, not while opencode starts, a tool runs or a
 * permission is being asked.
 */
export function modelWaitHeartbeat(
  intervalMs: number,
  say: (waitedMs: number) => void,
): { see(event: AnyJarvisEvent): void; stop(): void } {
  let quietSince = Date.now();
  let started = false;
  let serverStarting = false;
  let ended = false;
  const toolsRunning = new Set<string>();
  const permissionsPending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;

  const waitingOnModel = () =>
    started &&
    !ended &&
    !serverStarting &&
    toolsRunning.size === 0 &&
    permissionsPending.size === 0;
  const tick = () => {
    if (waitingOnModel()) say(Date.now() - quietSince);
    timer = setTimeout(tick, intervalMs);
    timer.unref();
  };
  const rearm = () => {
    clearTimeout(timer);
    timer = setTimeout(tick, intervalMs);
    timer.unref();
  };

  return {
    see(event) {
      quietSince = Date.now();
      switch (event.type) {
        case EventType.AGENT_TURN_START:
          started = true;
          break;
        case EventType.AGENT_TURN_END:
          ended = true;
          break;
        case EventType.AGENT_STATUS:
          if (event.data.status === 'server_starting') serverStarting = true;
          if (event.data.status === 'server_ready') serverStarting = false;
          break;
        case EventType.TOOL_CALL_START:
          toolsRunning.add(event.data.callId);
          break;
        case EventType.TOOL_CALL_END:
          toolsRunning.delete(event.data.callId);
          break;
        case EventType.PERMISSION_REQUEST:
          permissionsPending.add(event.data.requestId);
          break;
        case EventType.PERMISSION_REPLY:
          permissionsPending.delete(event.data.requestId);
          break;
        default:
          break;
      }
      if (ended) clearTimeout(timer);
      else rearm();
    },
    stop() {
      ended = true;
      clearTimeout(timer);
    },
  };
}

/**
 * `JARVIS_HEARTBEAT_MS` from the environment (a positive whole number of
 * milliseconds), for logs that want a different pace; `undefined` otherwise.
 */
export function heartbeatMsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): number | undefined {
  const value = Number(env.JARVIS_HEARTBEAT_MS);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}
