import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AgentEvent, AgentEventName, AnyJarvisEvent, EventOf } from '../index.js';
import { EventBus, ofType } from '../index.js';

// Declaration merging the way a package would do it, through the package entry point.
declare module '../index.js' {
  interface EventPayloads {
    test_custom_event: { value: number };
    test_optional_event: { note: string } | undefined;
  }
}

describe('event types', () => {
  it('narrows data by checking type', () => {
    const bus = new EventBus();
    const seen: number[] = [];
    bus.events$.subscribe((event: AnyJarvisEvent) => {
      if (event.type === 'tool_call_end') {
        expectTypeOf(event.data.durationMs).toEqualTypeOf<number>();
        seen.push(event.data.durationMs);
      }
      if (event.type === 'test_custom_event') {
        expectTypeOf(event.data).toEqualTypeOf<{ value: number }>();
        seen.push(event.data.value);
      }
    });
    bus.publish('tool_call_end', {
      agent: 'a',
      runId: 'r',
      tool: 't',
      callId: 'c',
      success: true,
      output: '',
      durationMs: 5,
    });
    bus.publish('test_custom_event', { value: 42 });
    expect(seen).toEqual([5, 42]);
  });

  it('types publish, subscribe, on$ and ofType by event name', () => {
    const bus = new EventBus();
    const event = bus.publish('test_custom_event', { value: 1 });
    expectTypeOf(event).toEqualTypeOf<EventOf<'test_custom_event'>>();
    expectTypeOf(event.data.value).toEqualTypeOf<number>();

    bus.subscribe('agent_status', (e) => {
      expectTypeOf(e.data.status).toEqualTypeOf<
        'server_starting' | 'server_ready' | 'retrying' | 'stream_reconnected' | 'server_recycling'
      >();
    });
    bus.on$('inference_start', 'inference_end').subscribe((e) => {
      expectTypeOf(e.type).toEqualTypeOf<'inference_start' | 'inference_end'>();
      expectTypeOf(e.data.engine).toEqualTypeOf<string>();
      if (e.type === 'inference_end') expectTypeOf(e.data.latencyMs).toEqualTypeOf<number>();
    });
    bus.events$.pipe(ofType('test_custom_event', 'agent_error')).subscribe((e) => {
      expectTypeOf(e).toEqualTypeOf<EventOf<'test_custom_event' | 'agent_error'>>();
    });
    expect(event.data.value).toBe(1);
  });

  it('requires data unless the payload may be undefined', () => {
    const bus = new EventBus();
    // @ts-expect-error data is required for events whose payload is an object
    expect(() => bus.publish('test_custom_event')).not.toThrow();
    // @ts-expect-error the payload must have the declared shape
    bus.publish('test_custom_event', { value: 'not a number' });
    // @ts-expect-error unknown event names are rejected
    bus.publish('no_such_event', {});
    expect(bus.publish('test_optional_event').data).toBeUndefined();
    expect(bus.publish('test_optional_event', { note: 'n' }).data).toEqual({ note: 'n' });
  });

  it('counts only events whose payload has agent and runId as agent events', () => {
    expectTypeOf<'agent_turn_start'>().toExtend<AgentEventName>();
    expectTypeOf<'tool_call_end'>().toExtend<AgentEventName>();
    expectTypeOf<'inference_start'>().not.toExtend<AgentEventName>();
    expectTypeOf<'test_custom_event'>().not.toExtend<AgentEventName>();
    expectTypeOf<AgentEvent['data']['runId']>().toEqualTypeOf<string>();
  });
});
