import { buildWithTsc } from '@openjarvis/testing';

/** The tests run the built CLI: build it from the current source first. */
export default function setup(): void {
  buildWithTsc(new URL('../..', import.meta.url));
}
