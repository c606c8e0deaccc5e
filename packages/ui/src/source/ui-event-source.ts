import type { Observable } from 'rxjs';

/**
 * One event as the page receives it: a published `AnyJarvisEvent`, or a line
 * of a JSONL recording (whose payload is already plain JSON).
 */
export interface SourceEvent {
  readonly type: string;
  /** When it was published, ms since the epoch. */
  readonly timestamp: number;
  readonly data: unknown;
}

/**
 * Where the page's events come from. An `EventBus` is one as it is (its
 * `events$`, and its `history` when it records one); so is a remote bus that
 * exposes `events$`, or a recording (`jsonlSource`).
 */
export interface UiEventSource {
  /** Events from the moment the UI server subscribes. Completing or failing is shown on the page. */
  readonly events$: Observable<SourceEvent>;
  /**
   * What happened before the server subscribed, oldest first; read once, at
   * start. An `EventBus` created with `recordHistory` fills it.
   * @default none
   */
  readonly history?: readonly SourceEvent[];
}
