#!/usr/bin/env node
import { log } from '../src/core/log.js';
import { cliProgram } from './cli.js';
import { endingOf } from './exit.js';

// `paperbot search x | head -c 100`: the reader is gone and there is no one left to tell, so end quietly, as
// Unix tools do on SIGPIPE (which Node ignores, turning it into an EPIPE error on stdout).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

/** With no command at all, paperbot starts: the console chat on the bundled seeds, or the configured platforms. */
const argv = process.argv.slice(2);

cliProgram()
  .parseAsync(argv.length === 0 ? ['start'] : argv, { from: 'user' })
  .then(
    () => {
      process.exitCode = 0;
    },
    (error: unknown) => {
      const { status, line } = endingOf(error);
      if (status === 1) log.fatal({ err: error }, 'paperbot crashed');
      if (line) process.stderr.write(`${line}\n`);
      process.exitCode = status;
    },
  );
