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
  /** Answer with terminal control sequences in the text. */
  ansi: '[[ansi]]',
} as const;

/** The answer of `marker.ansi`: colour, bell, window title, carriage return and a C1 CSI. */
export const ansiAnswer =
  'Red \u001b[31malert\u001b[0m\u0007 title \u001b]0;pwned\u0007 back\rspace \u009b2J done';

/** One scripted model server for a whole test file, its reply chosen by a marker in the task. */
export function startStandIn(): Promise<ScriptedModelServer> {
  return startScriptedModelServer({
    modelId: 'stand-in',
    script: markerScript({
      [marker.demo]: demoScript,
      [marker.echo]: echoCredentialsScript(),
      [marker.hang]: turnScript([reply.hang()]),
      [marker.ansi]: turnScript([reply.text(ansiAnswer)]),
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
