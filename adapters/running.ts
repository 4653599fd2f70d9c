/** A platform adapter that is connected and answering; `stop` disconnects it cleanly. */
export interface RunningAdapter {
  readonly name: string;
  stop(): Promise<void>;
}
