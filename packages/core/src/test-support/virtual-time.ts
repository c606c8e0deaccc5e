import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { settle } from './deferred.js';

/** A notification at a frame, in the shape `TestScheduler.parseMarbles` produces. */
export interface FrameMessage {
  frame: number;
  notification: { kind: 'N' | 'E' | 'C'; value: unknown; error: unknown };
}

interface Waiter {
  frame: number;
  resolve: () => void;
}

/**
 * Virtual time for promise-based code, which `TestScheduler.run` cannot drive
 * (its flush is synchronous, promise callbacks run after it). Time moves one
 * frame at a time; after each, every pending promise callback runs. Code under
 * test waits with `wait(frames)`; tests record Observables with `record` and
 * compare with `marbles(...)`.
 */
export class VirtualTime {
  #frame = 0;
  #waiters: Waiter[] = [];

  get frame(): number {
    return this.#frame;
  }

  /** Resolves `frames` frames from now. */
  wait(frames: number): Promise<void> {
    return new Promise((resolve) => this.#waiters.push({ frame: this.#frame + frames, resolve }));
  }

  /** Advances to `last`, frame by frame, settling promises after each. */
  async runUntil(last: number): Promise<void> {
    await settle();
    while (this.#frame < last) {
      this.#frame++;
      const due = this.#waiters.filter((waiter) => waiter.frame <= this.#frame);
      this.#waiters = this.#waiters.filter((waiter) => waiter.frame > this.#frame);
      for (const waiter of due) waiter.resolve();
      await settle();
    }
  }

  /** Subscribes now and records every notification with the frame it came at. */
  record<T, R>(source: Observable<T>, label: (value: T) => R): FrameMessage[] {
    const messages: FrameMessage[] = [];
    const at = (kind: 'N' | 'E' | 'C', value: unknown, error: unknown) =>
      messages.push({ frame: this.#frame, notification: { kind, value, error } });
    source.subscribe({
      next: (value) => at('N', label(value), undefined),
      error: (error: unknown) => at('E', undefined, error),
      complete: () => at('C', undefined, undefined),
    });
    return messages;
  }
}

/** The messages a marble diagram stands for, one frame per character (run mode). */
export function marbles(diagram: string, values: Record<string, unknown>): FrameMessage[] {
  // Outside TestScheduler.run a character is worth frameTimeFactor (10) frames; run mode uses 1.
  const factor = TestScheduler.frameTimeFactor;
  TestScheduler.frameTimeFactor = 1;
  try {
    return TestScheduler.parseMarbles(
      diagram,
      values,
      undefined,
      undefined,
      true,
    ) as FrameMessage[];
  } finally {
    TestScheduler.frameTimeFactor = factor;
  }
}
