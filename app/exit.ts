import { CommanderError } from 'commander';
import { StartupError } from '../src/core/errors.js';
import { UsageError } from './usage-error.js';

/** How a run of paperbot ends: its exit status, and the one line for stderr when there is one. */
export interface Ending {
  readonly status: 0 | 1 | 2;
  readonly line?: string;
}

/** Commander's message as one line, without its "error: " prefix ("unknown command 'x'\n(Did you mean y?)"). */
const oneLine = (message: string) => message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');

/** Bad input and bad settings end with status 2 and one line; anything else is a crash, status 1. */
export function endingOf(error: unknown): Ending {
  // --help and --version end the parse by throwing too, with status 0, after printing.
  if (error instanceof CommanderError && error.exitCode === 0) return { status: 0 };
  if (error instanceof UsageError || error instanceof StartupError || error instanceof CommanderError) {
    return { status: 2, line: `paperbot: ${oneLine(error.message)}` };
  }
  return { status: 1, line: `paperbot: unexpected error: ${(error as Error).message}` };
}
