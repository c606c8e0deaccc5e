/**
 * The source of the supervisor: a small Node program that runs between the
 * owner and `opencode serve` on Linux, so that nothing opencode started
 * outlives the owner, however the owner dies (SIGKILL included, when no exit
 * handler of the owner can run).
 *
 * Arguments: `<scratch directory> <working directory> <command> <args...>`.
 * It spawns the command in the working directory and then:
 * - its stdin is the owner's lifeline: a pipe nobody writes to. End of file
 *   means the owner is gone; the supervisor then kills opencode and everything
 *   it started, removes the scratch directory (it holds the API key) and exits;
 * - when opencode exits on its own, it kills what opencode left behind,
 *   removes the scratch directory, reports the exit and exits;
 * - it ignores SIGINT, SIGTERM, SIGHUP and SIGQUIT: a Ctrl-C in the owner's
 *   terminal must not take the supervisor down before the owner has decided;
 * - stdout is its report channel to the owner, one JSON object a line:
 *   `{"pid":n}` (opencode's pid as the owner sees it), then `{"exit":{...}}`;
 *   opencode's own stdout and stderr are both forwarded to stderr.
 *
 * When it runs as pid 1 of a fresh PID namespace (see process-isolation.ts),
 * killing "every process but me" (`kill(-1)`) reaches exactly what opencode
 * started, double-forked daemons included, and the kernel kills the rest of
 * the namespace when the supervisor exits. Outside a namespace it walks
 * opencode's process tree in `/proc` instead, which misses processes that
 * left the tree (double-forked ones); `kill(-1)` is never used there.
 *
 * Node does not reap processes it did not spawn, so in the namespace a
 * double-forked command that has finished stays a zombie (no memory, one
 * pid) until the server stops.
 *
 * It is a string run with `node -e` rather than a module file so the same
 * code runs from the built package and from the sources under test, and
 * because a plain Node program with no imports starts fastest.
 */
export const supervisorScript = String.raw`
'use strict';
const { spawn } = require('node:child_process');
const { readdirSync, readFileSync, readlinkSync, rmSync, writeSync } = require('node:fs');
const [scratch, cwd, command, ...args] = process.argv.slice(1);
const inOwnNamespace = process.pid === 1;
for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT']) process.on(name, () => {});

function report(message) {
  try { writeSync(1, JSON.stringify(message) + '\n'); } catch {}
}
function parentOf(pid) {
  try {
    const stat = readFileSync('/proc/' + pid + '/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch { return undefined; }
}
function childrenOf(pid) {
  const result = [];
  let entries = [];
  try { entries = readdirSync('/proc'); } catch {}
  for (const entry of entries) {
    const child = Number(entry);
    if (Number.isInteger(child) && parentOf(child) === pid) result.push(child);
  }
  return result;
}
function descendantsOf(pid) {
  const result = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of childrenOf(queue.shift())) { result.push(child); queue.push(child); }
  }
  return result;
}
function kill(pid) {
  try { process.kill(pid, 'SIGKILL'); } catch {}
}

const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
child.stdout.on('data', (chunk) => process.stderr.write(chunk));
child.stderr.on('data', (chunk) => process.stderr.write(chunk));
// In a namespace child.pid is the namespace's numbering; /proc is the
// owner's, so the owner's pid of opencode is the child of our own /proc pid.
let visiblePid = child.pid;
if (inOwnNamespace && child.pid !== undefined) {
  try { visiblePid = childrenOf(Number(readlinkSync('/proc/self')))[0] ?? child.pid; } catch {}
}
if (visiblePid !== undefined) report({ pid: visiblePid });

let finished = false;
function killLeftovers() {
  if (inOwnNamespace) kill(-1);
  else if (child.pid !== undefined) {
    for (const pid of descendantsOf(child.pid)) kill(pid);
    if (child.exitCode === null && child.signalCode === null) kill(child.pid);
  }
}
function finish(exit) {
  if (finished) return;
  finished = true;
  killLeftovers();
  try { rmSync(scratch, { recursive: true, force: true, maxRetries: 3 }); } catch {}
  if (exit !== undefined) report({ exit });
  process.exit(0);
}
// The owner's end of the output pipe closes when the owner dies: a write
// then must not crash the supervisor before it has cleaned up.
process.stderr.on('error', () => {});
process.on('uncaughtException', () => finish(undefined));
child.on('error', (error) => finish({ code: null, signal: null, error: error.message }));
child.on('exit', (code, signal) => {
  // Forward opencode's last words (why it failed to start, say) before
  // reporting; a leftover holding its pipes open gets half a second.
  killLeftovers();
  const timer = setTimeout(() => finish({ code, signal }), 500);
  child.on('close', () => {
    clearTimeout(timer);
    finish({ code, signal });
  });
});
process.stdin.on('end', () => finish(undefined));
process.stdin.on('error', () => finish(undefined));
process.stdin.resume();
`;
