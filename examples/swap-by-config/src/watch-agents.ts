import { type EventBus, EventType } from '@openjarvis/core';

/**
 * The subscriber code, written once against the bus: it knows event types,
 * not agent types, so it works for whatever agent the config names.
 */
export function watchAgents(bus: EventBus): void {
  bus.subscribe(EventType.AGENT_TURN_START, (event) => {
    console.log(`[${event.data.agent}] turn started: ${event.data.input}`);
  });
  bus.subscribe(EventType.TOOL_CALL_END, (event) => {
    console.log(
      `[${event.data.agent}] tool ${event.data.tool} ${event.data.success ? 'ok' : 'failed'}`,
    );
  });
  bus.subscribe(EventType.AGENT_TURN_END, (event) => {
    const { data } = event;
    const status = data.error === undefined ? 'ok' : `failed (${data.error.kind})`;
    const tokens =
      data.usage === undefined
        ? ''
        : `, ${data.usage.inputTokens + data.usage.outputTokens} tokens`;
    console.log(`[${data.agent}] turn ${status}${tokens}: ${data.result.content}`);
  });
}
