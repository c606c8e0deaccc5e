import { fileURLToPath } from 'node:url';
import { demoScript, runNodeProgram, startScriptedModelServer } from '@openjarvis/testing';
import { expect, it } from 'vitest';

const program = fileURLToPath(new URL('../dist/main.js', import.meta.url));

it('prints the GenAI spans of a run through the console exporter', async () => {
  const standIn = await startScriptedModelServer({ script: demoScript });
  try {
    const { code, stdout, stderr } = await runNodeProgram(program, {
      env: { JARVIS_ENGINE_URL: standIn.url, JARVIS_MODEL: 'scripted-model' },
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const names = [...stdout.matchAll(/^ {2}name: '([^']+)'/gm)].map((match) => match[1]);
    expect(names).toEqual(['execute_tool write', 'execute_tool bash', 'invoke_agent opencode']);
    expect(stdout).toContain("'gen_ai.operation.name': 'invoke_agent'");
    expect(stdout).toContain("'gen_ai.tool.name': 'bash'");
    expect(stdout).toContain("'gen_ai.usage.input_tokens': 300");
  } finally {
    await standIn.close();
  }
});
