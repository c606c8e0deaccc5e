import { fileURLToPath } from 'node:url';
import { demoScript, runNodeProgram, startScriptedModelServer } from '@openjarvis/testing';
import { expect, it } from 'vitest';

const program = fileURLToPath(new URL('../dist/main.js', import.meta.url));

it('runs opencode against the scripted stand-in and prints each tool call and the answer', async () => {
  const standIn = await startScriptedModelServer({ script: demoScript });
  try {
    const { code, stdout, stderr } = await runNodeProgram(program, {
      env: { JARVIS_ENGINE_URL: standIn.url, JARVIS_MODEL: 'scripted-model' },
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('scripted-model on openai-compatible, working in ');
    expect(stdout).toMatch(/tool write started: \{.*"filePath":".*hello\.txt"/);
    expect(stdout).toMatch(/tool write ok in \d+ ms\n/);
    expect(stdout).toMatch(/tool bash started: \{"command":"wc -c hello\.txt"/);
    expect(stdout).toMatch(/tool bash ok in \d+ ms\n/);
    expect(stdout).toContain('answer: I wrote hello.txt with the write tool');
    expect(stdout).toContain('files in the workspace: hello.txt\n');
  } finally {
    await standIn.close();
  }
});
