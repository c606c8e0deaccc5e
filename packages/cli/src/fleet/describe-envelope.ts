import type { EventEnvelope } from '@openjarvis/transport-nats';
import { describeToolInput } from '../output/describe-tool-input.js';

/** One line for `jarvis watch`: time, run and sequence, type, and the gist of the payload. */
export function describeEnvelope(envelope: EventEnvelope): string {
  const time = new Date(envelope.timestamp).toISOString().slice(11, 23);
  const head = `${time} ${envelope.runId}#${envelope.seq} ${envelope.event.type}`;
  const event = envelope.event;
  switch (event.type) {
    case 'tool_call_start':
      return `${head} ${event.data.tool} ${describeToolInput(event.data.input)}`;
    case 'tool_call_end':
      return `${head} ${event.data.tool} ${event.data.success ? 'ok' : 'failed'}`;
    case 'agent_text_delta':
      return `${head} ${JSON.stringify(event.data.delta)}`;
    case 'agent_turn_end':
      return `${head} ${event.data.error === undefined ? 'ok' : `failed (${event.data.error.kind})`}`;
    case 'agent_status':
      return `${head} ${event.data.status}`;
    default:
      return head;
  }
}
