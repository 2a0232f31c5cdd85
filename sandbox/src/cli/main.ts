#!/usr/bin/env -S node --
// `node --`: Node 20 reads a `--env-file` anywhere on its command line, even after
// the script, and exits 9 when the file is missing; after `--` the flag is ours (exit 2).
import { processIo } from "./command.js";
import { runCommandLine } from "./run-command-line.js";

process.exitCode = await runCommandLine(process.argv.slice(2), processIo());
