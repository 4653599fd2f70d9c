import { describe, expect, it } from 'vitest';
import { writeBigState } from './support/big-state.js';
import { tempDir } from './support/bot.js';
import { paperbot } from './support/cli.js';

describe('a large state', () => {
  it('`daily status` lists 2,000 channels × 25 topics', async () => {
    const dir = tempDir();
    writeBigState(dir, 2000, 25);
    const run = await paperbot(['daily', 'status'], { env: { DATA_DIR: dir, LOG_LEVEL: 'silent' } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2000);
    expect(lines[0]).toMatch(
      /^slack:CBIG000000 {2}09:00 UTC {2}next .*topics: (topic \d+ number \d+, ){24}topic \d+ number 24$/,
    );
  });
});
