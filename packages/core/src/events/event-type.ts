/**
 * Event type names. The values are identical to the Python ancestor's so that
 * events recorded by either side can be read by the other.
 */
export const EventType = {
  AGENT_TURN_START: 'agent_turn_start',
  AGENT_TURN_END: 'agent_turn_end',
  /** A chunk of streamed assistant text (or reasoning) during a run. */
  AGENT_TEXT_DELTA: 'agent_text_delta',
  /** A run's progress that is neither text nor a tool: server start, engine retries. */
  AGENT_STATUS: 'agent_status',
  /** Something went wrong inside a run without ending it (a malformed event, a lost stream). */
  AGENT_ERROR: 'agent_error',
  TOOL_CALL_START: 'tool_call_start',
  TOOL_CALL_END: 'tool_call_end',
  /** The files a run changed in its workspace, just before its `agent_turn_end`. */
  WORKSPACE_DIFF: 'workspace_diff',
  PERMISSION_REQUEST: 'permission_request',
  PERMISSION_REPLY: 'permission_reply',
  INFERENCE_START: 'inference_start',
  INFERENCE_END: 'inference_end',
  TELEMETRY_RECORD: 'telemetry_record',
  WORKFLOW_START: 'workflow_start',
  WORKFLOW_NODE_START: 'workflow_node_start',
  WORKFLOW_NODE_END: 'workflow_node_end',
  WORKFLOW_END: 'workflow_end',
  /** A bus listener threw while an event was delivered. */
  LISTENER_ERROR: 'listener_error',
} as const;
