import { mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenCodeAgent } from '@openjarvis/agent-opencode';
import { EventBus } from '@openjarvis/core';
import { demoScript, startScriptedModelServer } from '@openjarvis/stand-in';
import type { DemoArgs } from '../args/parse-command-line.js';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { stylizer } from '../output/style.js';
import { executeRun } from '../run/execute-run.js';
import { handleInterrupts } from '../run/interrupt.js';
import { runFlags } from '../run/run-flags.js';
import { withUi } from '../run/with-ui.js';

const demoTask =
  'Write a greeting to hello.txt, then count its bytes with wc -c and tell me the result.';
const demoFile = 'hello.txt';

/**
 * `jarvis demo`: the real opencode binary and its real tools in a temporary
 * workspace, driven by a scripted stand-in model instead of an LLM, so that
 * a fresh machine with no model shows what a run looks like.
 */
export async function demoCommand(args: DemoArgs, io: CliIo): Promise<number> {
  const style = stylizer(io.color);
  // Human notes go to stderr under --json so stdout stays pure JSON lines.
  const note = args.json ? io.err : io.out;
  const runOptions = runFlags(args, io);
  const interrupt = handleInterrupts(io);
  const model = await startScriptedModelServer({
    script: demoScript,
    modelId: 'scripted-stand-in',
  });
  const workspace = await realpath(await mkdtemp(join(tmpdir(), 'jarvis-demo-')));
  const bus = new EventBus();
  const agent = new OpenCodeAgent(undefined, 'scripted-stand-in', {
    bus,
    workspace,
    providerId: 'stand-in',
    providerBaseUrl: model.baseUrl,
    ignoreProjectConfig: true,
    maxEngineRetries: 0,
  });
  try {
    note(
      [
        `${style('bold', 'jarvis demo')}: a real opencode run, with a ${style('yellow', 'scripted stand-in model')}.`,
        `The model is ${style('bold', 'not an LLM')}: it is a script (serving at ${model.baseUrl}) that tells opencode to`,
        `write ${demoFile}, run "wc -c ${demoFile}", and report. opencode, its tools and the files are real.`,
        `Workspace: ${workspace} (temporary)`,
        `Task: ${demoTask}`,
        '',
      ].join('\n'),
    );
    const { exitCode, result } = await withUi(args.ui, bus, io, interrupt, () =>
      executeRun({ agent, task: demoTask, bus, io, json: args.json, interrupt, ...runOptions }),
    );
    if (exitCode !== ExitCode.ok) return exitCode;
    const written = await readFile(join(workspace, demoFile), 'utf8').catch(() => undefined);
    if (written === undefined) {
      io.err(
        `error: the run ended but ${demoFile} was not written; opencode's tools did not run as scripted.\n`,
      );
      return ExitCode.failed;
    }
    note(
      [
        '',
        `The tools wrote ${demoFile}: ${JSON.stringify(written)}`,
        `${result.toolResults.length} tool call(s): ${result.toolResults.map((tool) => `${tool.toolName} ${tool.success ? 'ok' : 'failed'}`).join(', ')}`,
        '',
        'Next: run a real task on your own model, e.g.',
        '  ollama pull qwen3:8b && jarvis run "add a README to this project"',
        '',
      ].join('\n'),
    );
    return ExitCode.ok;
  } finally {
    await agent.close();
    await model.close();
    await rm(workspace, { recursive: true, force: true });
    interrupt.dispose();
    note(
      style(
        'dim',
        'Cleaned up: opencode stopped, stand-in model stopped, temporary workspace removed.\n',
      ),
    );
  }
}
