import { describe, expect, it } from 'vitest';
import { storedTitles, titleList } from '../src/library/title-list.js';

const WORDS = ['style', 'transfer', 'é', 'gan', 'a', 'aa', 'net', 'network', 'on', 'the', '3d', 'über', 'ab'];

function generator(seed: number) {
  return () => (seed = (seed * 48271) % 2147483647) / 2147483647;
}

describe('titles searched where they are stored', () => {
  it('finds a needle in a title exactly when the title text holds it, for titles stored and written since', () => {
    const random = generator(3);
    const phrase = (most: number) =>
      Array.from({ length: 1 + Math.floor(random() * most) }, () => WORDS[Math.floor(random() * WORDS.length)]).join(
        ' ',
      );
    const titles = Array.from({ length: 400 }, () => (random() < 0.05 ? '' : phrase(8)));
    const changed = new Map([
      [3, 'network on the gan'],
      [400, 'style transfer'],
    ]);
    const { bytes, starts } = storedTitles(titles);
    const list = titleList(bytes, starts, changed);
    let held = 0;
    for (let n = 0; n < 300; n += 1) {
      const needle = random() < 0.5 ? ` ${phrase(3)} ` : ` ${phrase(3)}`;
      for (let doc = 0; doc <= 400; doc += 1) {
        const title = ` ${changed.get(doc) ?? titles[doc] ?? ''} `;
        expect(list.holds(doc, needle), `${JSON.stringify(needle)} in ${JSON.stringify(title)}`).toBe(
          title.includes(needle),
        );
        held += title.includes(needle) ? 1 : 0;
      }
    }
    expect(held).toBeGreaterThan(1000);
  });
});
