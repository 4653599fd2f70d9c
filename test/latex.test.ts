import { describe, expect, it } from 'vitest';
import { readableLatex } from '../src/core/latex.js';
import { snippetText } from '../src/core/present.js';
import { plain } from '../src/core/reply.js';

// Pieces of abstracts from the first 1,000 lines of the arXiv CS corpus (test/fixtures/captured), as stored.
describe('readable LaTeX', () => {
  it.each([
    [
      'the average case lower bound rises to $\\Omega(n^2 \\log n)$',
      'the average case lower bound rises to Ω(n² log n)',
    ],
    ['whose {\\em average\\/} trip length', 'whose average trip length'],
    ['where $\\ell(i)$ is the {\\em latency} of $p_i$', 'where ℓ(i) is the latency of pᵢ'],
    ['for {\\em every\\/} $i \\leq n$, the route', 'for every i ≤ n, the route'],
    ['a $\\tilde{O}(\\log^2 k)$ competitive ratio', 'a Õ(log² k) competitive ratio'],
    ['$O(n^2)$ time and $\\mathcal{O}(n \\times m)$ space', 'O(n²) time and O(n × m) space'],
    ['a family $\\{\\Pi_n\\}$ with $\\epsilon \\sim 0.1$ and 5\\% loss', 'a family {Πₙ} with ε ~ 0.1 and 5% loss'],
    [
      'methods (\\eg GANs), \\ie generators, \\emph{not} \\textbf{all}',
      'methods (e.g. GANs), i.e. generators, not all',
    ],
    ["McCarthy's ``91 function''", "McCarthy's “91 function”"],
    ['$\\frac{1}{2}$, $\\sqrt{n}$, $a_{ij}$, $x^{T}$', '1/2, √n, aᵢⱼ, xᵀ'],
  ])('shows %j as %j', (tex, shown) => {
    expect(readableLatex(tex)).toBe(shown);
  });

  it.each(['costs $5 and $10', 'a W_+ Adapter', 'https://example.org/~user/code', 'plain text'])(
    'leaves %j as it is',
    (text) => {
      expect(readableLatex(text)).toBe(text);
    },
  );

  it('shows a snippet readably, keeping bold marks outside formulas and dropping those inside', () => {
    const text = 'a $\\Omega(n \\log n)$ lower bound';
    const shown = snippetText({
      text,
      marks: [
        [13, 16],
        [27, 32],
      ],
    });
    expect(
      plain(shown.map((span) => (typeof span === 'string' ? span : { untrusted: 'text' in span ? span.text : '' }))),
    ).toBe('a Ω(n log n) lower bound');
    expect(shown.filter((span) => typeof span === 'object' && 'strong' in span && span.strong)).toEqual([
      expect.objectContaining({ text: 'bound' }),
    ]);
  });
});
