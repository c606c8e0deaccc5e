/** `jarvis --help`. */
export const usageText = `jarvis: run coding tasks with opencode on your own model.

Usage:
  jarvis demo [--json] [--ui] [--record <file>] [--timeout <d>]
      A real opencode run in a temporary workspace, driven by a built-in
      scripted stand-in model (not an LLM). Needs no model or engine.

  jarvis run "<task>" [options]
      Runs the task with opencode and shows each tool call, the streamed
      answer and a summary.
        -e, --engine <e>      ollama | vllm | llamacpp | <url> (an OpenAI-compatible
                              server). Default: the config's engine, else the first
                              engine answering on its default port.
        -m, --model <m>       Model id. Default: the config's, else the engine's first.
        -a, --agent <a>       build (may edit and run commands) | plan (read-only).
        -w, --workspace <dir> Where opencode works. Default: the current directory.
        -c, --config <file>   jarvis.config.json (or .yaml). Default: ./jarvis.config.json
                              when it exists.
            --use <name>      The config's agent to run. Default: defaultAgent, else the first.
        -t, --timeout <d>     Stop the run after this long (90s, 5m, 1h30m; a bare number
                              is seconds) and exit 1. Default: the agent's own limit.
            --record <file>   Also write every event to <file> as JSON lines, secrets
                              redacted (replay it with @openjarvis/recorder).
            --json            One JSON event per line on stdout, nothing else
                              (the workspace_diff event carries the run's diff).
            --ui              Also show the run live on a local web page (its URL,
                              with an access token, goes to stderr); the page stays
                              up after the run until Ctrl-C.
            --diff            Print the run's patch after the changed files.
            --continue <id>   Continue this opencode session (printed after each run).

  jarvis engines [--config <file>] [--engine <e>] [--json]
      Looks for Ollama (11434), vLLM (8000) and llama.cpp (8080) on 127.0.0.1
      and the config's engines; shows their health, models and context length.

  jarvis ui (--replay <run.jsonl> | --nats <url>) [--port <n>]
      Shows a recorded run (a JSONL file of @openjarvis/recorder), or every
      run of a fleet (its NATS server: from the start, then live), on a local
      web page: tool-call timeline, streamed text, permissions, diff. Serves
      on 127.0.0.1 until Ctrl-C; the printed URL carries the access token.
  jarvis worker --config <file> --nats <url> [--concurrency N]
      Runs the fleet's tasks with the config's agents until SIGTERM or
      Ctrl-C, then finishes or hands back its tasks.
  jarvis submit "<task>" --agent <name> --workspace <path|git-url[#ref]>
                --nats <url> [--id <id>] [--timeout <ms>] [--wait] [--json]
      Queues a task once per id; --wait prints its events and outcome.
  jarvis cancel <taskId> --nats <url>     Aborts the task wherever it runs.
  jarvis workers --nats <url> [--json]    The workers and their tasks.
  jarvis watch --nats <url> [--from-start] [--json]
      Every event of the fleet, live. --nats defaults to $JARVIS_NATS_URL,
      else nats://127.0.0.1:4222; a server token comes from $JARVIS_NATS_TOKEN.

Exit codes:
  0    success
  1    the run failed (agent error, no engine answering, model missing, …)
  2    usage or config error (nothing was run)
  130  interrupted with Ctrl-C (the run was aborted, opencode stopped)
`;
