import type {
  AgentErrorData,
  AgentStatusData,
  EventOf,
  PermissionReplyData,
  PermissionRequestData,
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
  const data = fieldsOf<{ runId: string; sessionId: string }>(event.data);
  const runId = str(data.runId);
  if (event.type === 'agent_text_delta' || event.type === 'permission_request') {
    turns.noteConversation(runId, str(data.sessionId));
  }
  if (event.type === 'agent_text_delta') return;
  turns.annotate(runId, event.type, defined(annotationOf(event)), event.timestamp);
}

type Annotation = Record<string, string | number | undefined>;

function annotationOf(event: Exclude<AnnotatedEvent, { type: 'agent_text_delta' }>): Annotation {
  switch (event.type) {
    case 'agent_status': {
      const data = fieldsOf<AgentStatusData>(event.data);
      return {
        [JarvisAttr.STATUS]: str(data.status),
        [JarvisAttr.STATUS_ATTEMPT]: num(data.attempt),
        [JarvisAttr.STATUS_MESSAGE]: str(data.message),
      };
    }
    case 'agent_error': {
      const data = fieldsOf<AgentErrorData>(event.data);
      return {
        [JarvisAttr.ERROR_KIND]: str(data.kind),
        [JarvisAttr.ERROR_MESSAGE]: str(data.message),
      };
    }
    case 'permission_request': {
      const data = fieldsOf<PermissionRequestData>(event.data);
      return {
        [JarvisAttr.PERMISSION]: str(data.permission),
        [JarvisAttr.PERMISSION_REQUEST_ID]: str(data.requestId),
        [GenAi.TOOL_CALL_ID]: str(data.callId),
      };
    }
    case 'permission_reply': {
      const data = fieldsOf<PermissionReplyData>(event.data);
      return {
        [JarvisAttr.PERMISSION]: str(data.permission),
        [JarvisAttr.PERMISSION_REQUEST_ID]: str(data.requestId),
        [JarvisAttr.PERMISSION_REPLY]: str(data.reply),
        [JarvisAttr.PERMISSION_REPLIED_BY]: str(data.by),
      };
    }
  }
}

function defined(values: Annotation): Attributes {
  const attributes: Attributes = {};
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined) attributes[name] = value;
  }
  return attributes;
}
