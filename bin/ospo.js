#!/usr/bin/env node
// The CLI entry: runs the compiled CLI (`npm run build` produces dist/).
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`ospo: internal error: ${err?.stack ?? err}\n`);
    process.exitCode = 4;
  },
);
