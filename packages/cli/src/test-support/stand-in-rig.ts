import type { ScriptedModelServer } from '@openjarvis/testing';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startStandIn } from './stand-in.js';
import { makeWorkspace } from './workspace.js';

/**
 * One stand-in model for the test file and a fresh workspace per test,
 * started and removed by hooks it registers. Read them through the getters.
 */
export function standInRig(): {
  readonly model: ScriptedModelServer;
  readonly workspace: ReturnType<typeof makeWorkspace>;
} {
  let model: ScriptedModelServer | undefined;
  let workspace: ReturnType<typeof makeWorkspace> | undefined;
  beforeAll(async () => {
    model = await startStandIn();
  });
  afterAll(async () => {
    await model?.close();
  });
  beforeEach(() => {
    workspace = makeWorkspace();
  });
  afterEach(() => {
    workspace?.remove();
  });
  return {
    get model() {
      if (model === undefined) throw new Error('the stand-in model is not started yet');
      return model;
    },
    get workspace() {
      if (workspace === undefined) throw new Error('no workspace outside a test');
      return workspace;
    },
  };
}
