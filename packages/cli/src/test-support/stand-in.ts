import {
  demoScript,
  echoCredentialsScript,
  markerScript,
  reply,
  type ScriptedModelServer,
  startScriptedModelServer,
  turnScript,
} from '@openjarvis/testing';

/** Markers a test puts in its task to pick what the stand-in model does. */
export const marker = {
  /** Write hello.txt, run wc -c on it, answer (the demo's script). */
  demo: '[[demo]]',
  /** Put the Authorization header it receives into a bash command, the tool's output and its answer. */
  echo: '[[echo-credentials]]',
  /** Accept the request and never answer. */
  hang: '[[hang]]',
  /** Fail as Ollama does for a model without tool support. */
  noTools: '[[no-tools]]',
} as const;

/** One scripted model server for a whole test file, its reply chosen by a marker in the task. */
export function startStandIn(): Promise<ScriptedModelServer> {
  return startScriptedModelServer({
    modelId: 'stand-in',
    script: markerScript({
      [marker.demo]: demoScript,
      [marker.echo]: echoCredentialsScript(),
      [marker.hang]: turnScript([reply.hang()]),
      [marker.noTools]: turnScript([
        reply.httpError(
          400,
          'registry.ollama.ai/library/gemma:2b does not support tools',
          'api_error',
        ),
      ]),
    }),
  });
}
