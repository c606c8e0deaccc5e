import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { answersSignalZero } from '@openjarvis/core';

/**
 * Pids of the living (not zombie) processes in process group `pgid`, read from Linux's /proc.
 * Zombies are skipped because an orphaned one waits for init to reap it, which some container
 * inits never do; it no longer runs either way.
 */
export function livingProcessGroupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    // "pid (comm) state ppid pgrp …"; comm may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z' && Number(fields[2]) === pgid) members.push(Number(entry));
  }
  return members;
}

/**
 * Whether any process of group `pgid` still runs: read from /proc where there is one, else by
 * core's signal-0 probe of the group (which also counts zombies, and `EPERM` as alive).
 */
export function isProcessGroupAlive(pgid: number): boolean {
  if (existsSync('/proc/self/stat')) return livingProcessGroupMembers(pgid).length > 0;
  return answersSignalZero(-pgid);
}
