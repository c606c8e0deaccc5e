import {
  contextWindowFix,
  opencodeFirstRequestTokens,
  toolSupportFix,
} from '@openjarvis/agent-opencode';
import type { FailureReport } from './failure.js';

const toolsUnsupported =
  /does not support tools|tool[_ ]choice.*requires|enable-auto-tool-choice|tool-call-parser|tools? (?:are|is) not supported|tool calling is not supported|--jinja/i;

/**
 * A paragraph that tells a person how to fix the common first-run failures:
 * opencode missing, engine not running, model not pulled, engine without
 * tool calling. `undefined` when there is nothing better to say than the error.
 */
export function hintFor(failure: FailureReport): string | undefined {
  if (toolsUnsupported.test(failure.message) || failure.errorKind === 'tools_unsupported') {
    return toolsHint(failure);
  }
  switch (failure.errorKind) {
    case 'opencode_not_found':
      return [
        'opencode is not installed where jarvis can find it. It comes with @openjarvis/cli as the',
        '"opencode-ai" package, whose install script puts the binary in place; if your package',
        'manager skipped that script, reinstall allowing it (pnpm: list opencode-ai under',
        'onlyBuiltDependencies), or install it yourself with "npm install -g opencode-ai@1.18.33",',
        'or point OPENCODE_BIN at an opencode binary.',
      ].join(' ');
    case 'engine_unreachable':
      return engineHint(failure);
    case 'model_not_found':
      return modelHint(failure);
    case 'no_models':
      return failure.engineType === 'ollama'
        ? 'Ollama has no model yet. Pull one that can call tools, e.g. "ollama pull qwen3:8b", then run again (or pass --model).'
        : `The engine${at(failure)} lists no models. Start it with a model loaded, or pass --model.`;
    case 'unauthorized':
      return [
        `The engine${at(failure)} rejected the API key. Put the right key in jarvis.config.json`,
        '(engines.<name>.apiKeyEnv names an environment variable to read it from), or set',
        'VLLM_API_KEY / LLAMACPP_API_KEY for those engines.',
      ].join(' ');
    case 'context_length_exceeded':
      return contextHint(failure);
    case 'engine_loading':
      return `The engine${at(failure)} is still loading its model. Try again when "jarvis engines" shows it as ok.`;
    case 'no_provider':
    case 'no_engine':
      return [
        'No engine to run the model on. Pass --engine ollama|vllm|llamacpp|<url>, name an engine',
        'for the agent in jarvis.config.json, or (opencode) use a "provider/model" id that opencode',
        'is configured for.',
      ].join(' ');
    case 'timeout':
      return 'The run took longer than allowed. Give it more time with --timeout (or the agent\'s "timeoutMs" option in jarvis.config.json), or split the task.';
    case 'server_start_failed':
    case 'server_crashed':
      return 'opencode could not be started or stopped unexpectedly. The message above has its last output; "jarvis demo" checks whether opencode works on this machine at all.';
    default:
      return undefined;
  }
}

function engineHint(failure: FailureReport): string {
  const start: Record<string, string> = {
    ollama: 'start Ollama with "ollama serve"',
    vllm: 'start vLLM with "vllm serve <model> --enable-auto-tool-choice --tool-call-parser hermes"',
    llamacpp: 'start llama.cpp with "llama-server -m <model.gguf> --jinja --port 8080"',
  };
  const how =
    failure.engineType !== undefined && start[failure.engineType] !== undefined
      ? `${capitalize(start[failure.engineType] ?? '')}.`
      : 'Start one: "ollama serve", "vllm serve <model> --enable-auto-tool-choice --tool-call-parser hermes", or "llama-server -m <model.gguf> --jinja".';
  return [
    `No inference engine answered${at(failure)}. ${how}`,
    'Point jarvis at another with --engine ollama|vllm|llamacpp|<url>; "jarvis engines" shows what',
    'is running. To see jarvis work without any model, run "jarvis demo".',
  ].join(' ');
}

function modelHint(failure: FailureReport): string {
  const model = failure.model ?? '<model>';
  if (failure.engineType === 'ollama') {
    return `Ollama has no model "${model}". Pull it with "ollama pull ${model}" (a model with tool support, such as qwen3 or llama3.1), or pass --model with one that "ollama list" shows.`;
  }
  return [
    `The engine${at(failure)} does not serve a model "${model}". vLLM and llama.cpp serve the model`,
    'they were started with: pass its id (see "jarvis engines") with --model, or restart the engine',
    'with the model you want.',
  ].join(' ');
}

// The fixes come from the agent package, so that its error messages and these hints say the same.
function toolsHint(failure: FailureReport): string {
  return `The model or engine cannot call tools, and opencode works through tools. To fix it, ${toolSupportFix(failure.engineType)}.`;
}

function contextHint(failure: FailureReport): string {
  return [
    "The model's context window is too small for opencode, whose first request alone is about",
    `${opencodeFirstRequestTokens} tokens. To fix it, ${contextWindowFix(failure.engineType, opencodeFirstRequestTokens)}.`,
  ].join(' ');
}

function at(failure: FailureReport): string {
  return failure.engineHost === undefined ? '' : ` at ${failure.engineHost}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
