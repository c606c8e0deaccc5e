import { isRecord } from '@openjarvis/engine-kit';

/** The parts of `/props` the adapter uses. */
export interface LlamaCppProps {
  /** `chat_template_caps`, when the server reports it. */
  caps?: { supportsTools: boolean; supportsToolCalls: boolean } | undefined;
  /** `default_generation_settings.n_ctx`. */
  contextLength?: number | undefined;
  /** `build_info`, e.g. `b11669-Debian`. */
  buildInfo?: string | undefined;
}

export function readLlamaCppProps(body: unknown): LlamaCppProps {
  if (!isRecord(body)) return {};
  const props: LlamaCppProps = {};
  const caps = body.chat_template_caps;
  if (isRecord(caps)) {
    props.caps = {
      supportsTools: caps.supports_tools !== false,
      supportsToolCalls: caps.supports_tool_calls !== false,
    };
  }
  const settings = body.default_generation_settings;
  if (isRecord(settings) && typeof settings.n_ctx === 'number' && settings.n_ctx > 0) {
    props.contextLength = settings.n_ctx;
  }
  if (typeof body.build_info === 'string') props.buildInfo = body.build_info;
  return props;
}
