export { demoScript } from './demo-script.js';
export { echoCredentialsScript } from './echo-credentials.js';
export {
  type ModelReply,
  type ReplyTiming,
  reply,
  type ScriptedToolCall,
} from './model-reply.js';
export type { ModelRequest, WireMessage } from './model-request.js';
export {
  type ModelScript,
  type ScriptedModelServer,
  type ScriptedModelServerOptions,
  type ScriptedUsage,
  startScriptedModelServer,
} from './scripted-model-server.js';
export { markerScript, turnScript } from './scripts.js';
export type { BodyFault, TransportFault } from './transport/index.js';
