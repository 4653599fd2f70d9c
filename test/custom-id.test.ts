import { describe, expect, it } from 'vitest';
import { decodeAction, encodeAction } from '../adapters/discord/custom-id.js';
import { testBot } from './support/bot.js';

describe('Discord custom ids', () => {
  it('carry the action with its arguments by name, so reordering a schema cannot change a posted button', async () => {
    const bot = await testBot();
    const action = { command: 'paper', args: { query: 'style transfer', page: 2 } };
    const id = await encodeAction(bot, action);
    expect(id).toBe('pb:paper{"query":"style transfer","page":2}');
    expect(decodeAction(bot, id)).toEqual(action);
    // The same arguments in another order mean the same.
    expect(decodeAction(bot, 'pb:paper{"page":2,"query":"style transfer"}')).toEqual(action);
  });

  it('store an action too long for 100 characters under a key', async () => {
    const bot = await testBot();
    const action = { command: 'paper', args: { query: 'style transfer '.repeat(8).trim(), page: 3 } };
    const id = await encodeAction(bot, action);
    expect(id).toMatch(/^pb@[\w-]{16}$/);
    expect(decodeAction(bot, id)).toEqual(action);
  });

  it('still read the positional ids of buttons posted before, in the order those had', async () => {
    const bot = await testBot();
    expect(decodeAction(bot, 'pb["paper","style transfer",2]')).toEqual({
      command: 'paper',
      args: { query: 'style transfer', page: 2 },
    });
    expect(decodeAction(bot, 'pb["feedback","studiogan-a-taxonomy-and-d5e43c","up"]')).toEqual({
      command: 'feedback',
      args: { paper: 'studiogan-a-taxonomy-and-d5e43c', vote: 'up' },
    });
    expect(decodeAction(bot, 'pb["similar","ladi-vton-latent-diffusion-268c86"]')).toEqual({
      command: 'similar',
      args: { paper: 'ladi-vton-latent-diffusion-268c86' },
    });
  });

  it('read as expired what they cannot read: unknown forms, broken JSON, a key no longer kept', async () => {
    const bot = await testBot();
    for (const id of [
      'pb["subscribe","x"]',
      'pb["paper","a",1,"extra"]',
      'pb:paper{oops',
      'pb:{"query":"x"}',
      'pb@nothere',
      'other',
    ]) {
      expect(decodeAction(bot, id)).toBeUndefined();
    }
  });
});
