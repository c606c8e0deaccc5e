#!/usr/bin/env node
import { processIo } from './cli-io.js';
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), processIo());
// Everything was closed before main resolved; a library handle left behind
// must not hold the shell prompt hostage.
setTimeout(() => process.exit(), 2_000).unref();
