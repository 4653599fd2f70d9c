import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { State } from '../../src/state/store.js';

/** The state of a large deployment: `channels` Slack channels each following `topics` topics, all daily posts on. */
export function bigState(channels: number, topics: number): State {
  const state: State = { version: 1, subscriptions: [], dailies: {}, actions: {} };
  for (let c = 0; c < channels; c++) {
    const channel = `slack:CBIG${String(c).padStart(6, '0')}`;
    for (let t = 0; t < topics; t++) {
      state.subscriptions.push({
        channel,
        topic: `topic ${(c + t) % 500} number ${t}`,
        since: '2026-11-01T00:00:00.000Z',
      });
    }
  }
  return state;
}

/** Writes it as `state.json` in `dir`, the way an earlier paperbot wrote it (indented JSON). */
export function writeBigState(dir: string, channels: number, topics: number): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'state.json');
  writeFileSync(file, JSON.stringify(bigState(channels, topics), null, 2));
  return file;
}
