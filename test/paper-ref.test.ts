import { describe, expect, it } from 'vitest';
import { arxivIdOf } from '../src/core/paper-ref.js';

describe('a paper named by its arXiv id or link', () => {
  it.each([
    ['1712.07084', '1712.07084'],
    ['1712.07084v2', '1712.07084'],
    ['arXiv:1712.07084', '1712.07084'],
    ['ARXIV: 2401.01234v1', '2401.01234'],
    ['cs/9301111', 'cs/9301111'],
    ['math.gt/0309136v1', 'math.GT/0309136'],
    ['CS/9301111', 'cs/9301111'],
    ['https://arxiv.org/abs/1712.07084', '1712.07084'],
    ['http://arxiv.org/abs/1712.07084v3', '1712.07084'],
    ['https://arxiv.org/pdf/1712.07084', '1712.07084'],
    ['https://arxiv.org/pdf/1712.07084v1.pdf', '1712.07084'],
    ['https://arxiv.org/html/2401.01234v2', '2401.01234'],
    ['https://export.arxiv.org/abs/cs/9301111', 'cs/9301111'],
    ['arxiv.org/abs/2401.01234?context=cs', '2401.01234'],
    ['https://huggingface.co/papers/2401.01234', '2401.01234'],
  ])('reads %s as %s', (typed, id) => {
    expect(arxivIdOf(typed)).toBe(id);
  });

  it.each(['style transfer', '1712', '12345.67890', 'https://example.org/abs/1712.07084', 'see 1712.07084 please'])(
    'does not read %s as an id',
    (typed) => {
      expect(arxivIdOf(typed)).toBeUndefined();
    },
  );
});
