import { buildWithTsc } from '@openjarvis/testing';

/** The test runs the built example: build it from the current source first. */
export default function setup(): void {
  buildWithTsc(new URL('..', import.meta.url));
}
