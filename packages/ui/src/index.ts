export { startUiServer } from './server/start-ui-server.js';
export { UiServerError, type UiServerErrorKind } from './server/ui-server-error.js';
export type { UiServer, UiServerOptions } from './server/ui-server-options.js';
export { jsonlSource } from './source/jsonl-source.js';
export type { SourceEvent, UiEventSource } from './source/ui-event-source.js';
