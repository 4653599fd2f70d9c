import { type DestinationStream, type Logger, pino } from 'pino';

// Anything that could hold a credential is masked wherever it appears in a log record.
const REDACT = [
  'token',
  'secret',
  'password',
  'authorization',
  '*.token',
  '*.secret',
  '*.password',
  '*.authorization',
  'headers.authorization',
];

function create(level: string, destination?: DestinationStream): Logger {
  return pino(
    { level, base: { app: 'paperbot' }, redact: { paths: REDACT, censor: '[redacted]' } },
    destination ?? pino.destination(2),
  );
}

/** The process-wide structured logger: JSON lines on stderr at `info` until configureLog is called. */
export let log: Logger = create('info');

/** Points the logger at a level and destination once the configuration is known. */
export function configureLog(level: string, destination?: DestinationStream): void {
  log = create(level, destination);
}
