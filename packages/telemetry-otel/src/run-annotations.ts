import type {
  AgentErrorData,
  AgentStatusData,
  EventOf,
  PermissionReplyData,
  PermissionRequestData,
  TextDeltaData,
} from '@openjarvis/core';
import type { Attributes } from '@opentelemetry/api';
import { fieldsOf, num, str } from './payload-fields.js';
import { GenAi, JarvisAttr } from './semconv.js';
import type { TurnSpans } from './turn-spans.js';

type AnnotatedEvent = EventOf<
  'agent_status' | 'agent_error' | 'permission_request' | 'permission_reply' | 'agent_text_delta'
>;

/**
 * Run events that are not operations of their own become span events on the
 * run's turn; text deltas only contribute the conversation id, one span
 * event per streamed chunk being far too many.
 */
export function annotateTurn(turns: TurnSpans, event: AnnotatedEvent): void {
  switch (event.type) {
    case 'agent_text_delta': {
      const data = fieldsOf<TextDeltaData>(event.data);
      turns.noteConversation(str(data.runId), str(data.sessionId));
      return;
    }
    case 'agent_status': {
      const data = fieldsOf<AgentStatusData>(event.data);
      turns.annotate(
        str(data.runId),
        event.type,
        defined({
          [JarvisAttr.STATUS]: str(data.status),
          [JarvisAttr.STATUS_ATTEMPT]: num(data.attempt),
          [JarvisAttr.STATUS_MESSAGE]: str(data.message),
        }),
        event.timestamp,
      );
      return;
    }
    case 'agent_error': {
      const data = fieldsOf<AgentErrorData>(event.data);
      turns.annotate(
        str(data.runId),
        event.type,
        defined({
          [JarvisAttr.ERROR_KIND]: str(data.kind),
          [JarvisAttr.ERROR_MESSAGE]: str(data.message),
        }),
        event.timestamp,
      );
      return;
    }
    case 'permission_request': {
      const data = fieldsOf<PermissionRequestData>(event.data);
      turns.noteConversation(str(data.runId), str(data.sessionId));
      turns.annotate(
        str(data.runId),
        event.type,
        defined({
          [JarvisAttr.PERMISSION]: str(data.permission),
          [JarvisAttr.PERMISSION_REQUEST_ID]: str(data.requestId),
          [GenAi.TOOL_CALL_ID]: str(data.callId),
        }),
        event.timestamp,
      );
      return;
    }
    case 'permission_reply': {
      const data = fieldsOf<PermissionReplyData>(event.data);
      turns.annotate(
        str(data.runId),
        event.type,
        defined({
          [JarvisAttr.PERMISSION]: str(data.permission),
          [JarvisAttr.PERMISSION_REQUEST_ID]: str(data.requestId),
          [JarvisAttr.PERMISSION_REPLY]: str(data.reply),
          [JarvisAttr.PERMISSION_REPLIED_BY]: str(data.by),
        }),
        event.timestamp,
      );
      return;
    }
  }
}

function defined(values: Record<string, string | number | undefined>): Attributes {
  const attributes: Attributes = {};
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined) attributes[name] = value;
  }
  return attributes;
}
