/**
 * LaTeX as people read it: arXiv titles and abstracts are written in TeX (`$\Omega(n \log n)$`, `\eg`,
 * `{\em word}`), which chat platforms show raw. This turns the common markup into plain Unicode text
 * (`Ω(n log n)`, `e.g.`, `word`) for display only; the search index keeps reading the text as stored.
 */

/** A table from pairs written "key value key value …", kept compact because it is long. */
const pairs = (text: string): Record<string, string> => {
  const items = text.trim().split(/\s+/);
  return Object.fromEntries(items.flatMap((key, i) => (i % 2 ? [] : [[key, items[i + 1] ?? '']])));
};

const SYMBOLS = pairs(`
  alpha α beta β gamma γ delta δ epsilon ε varepsilon ε zeta ζ eta η theta θ vartheta ϑ iota ι kappa κ lambda λ
  mu μ nu ν xi ξ pi π varpi ϖ rho ρ varrho ϱ sigma σ varsigma ς tau τ upsilon υ phi φ varphi φ chi χ psi ψ omega ω
  Gamma Γ Delta Δ Theta Θ Lambda Λ Xi Ξ Pi Π Sigma Σ Upsilon Υ Phi Φ Psi Ψ Omega Ω
  times × cdot · cdots ⋯ ldots … dots … pm ± mp ∓ div ÷ ast ∗ star ⋆ circ ∘ bullet • leq ≤ le ≤ geq ≥ ge ≥
  neq ≠ ne ≠ ll ≪ gg ≫ sim ~ simeq ≃ approx ≈ cong ≅ equiv ≡ propto ∝ in ∈ notin ∉ ni ∋ subset ⊂ subseteq ⊆
  supset ⊃ supseteq ⊇ cup ∪ cap ∩ setminus ∖ emptyset ∅ varnothing ∅ infty ∞ forall ∀ exists ∃ neg ¬ lnot ¬
  wedge ∧ land ∧ vee ∨ lor ∨ oplus ⊕ otimes ⊗ partial ∂ nabla ∇ sum ∑ prod ∏ int ∫ ell ℓ to → rightarrow →
  leftarrow ← Rightarrow ⇒ Leftarrow ⇐ leftrightarrow ↔ Leftrightarrow ⇔ iff ⇔ mapsto ↦ mid | vert | Vert ‖
  langle ⟨ rangle ⟩ lceil ⌈ rceil ⌉ lfloor ⌊ rfloor ⌋ prime ′ perp ⊥ parallel ∥ top ⊤ bot ⊥ vdash ⊢ models ⊨
  aleph ℵ hbar ℏ dagger † angle ∠ triangle △`);
// Named functions read as their name.
const WORDS = new Set('log ln lg exp min max sin cos tan arg det dim gcd lim sup inf Pr deg ker mod bmod'.split(' '));
const TEXT_MACROS = pairs('eg e.g. ie i.e. etal et_al. etc etc. vs vs. cf cf.');
const BLACKBOARD = pairs('R ℝ N ℕ Z ℤ Q ℚ C ℂ P ℙ E 𝔼');
const SUPER = pairs(`
  0 ⁰ 1 ¹ 2 ² 3 ³ 4 ⁴ 5 ⁵ 6 ⁶ 7 ⁷ 8 ⁸ 9 ⁹ + ⁺ - ⁻ = ⁼ ( ⁽ ) ⁾ n ⁿ i ⁱ k ᵏ T ᵀ * * ∗ * ′ ′ t ᵗ d ᵈ m ᵐ x ˣ
  a ᵃ b ᵇ c ᶜ e ᵉ p ᵖ s ˢ r ʳ j ʲ l ˡ`);
const SUB = pairs(`
  0 ₀ 1 ₁ 2 ₂ 3 ₃ 4 ₄ 5 ₅ 6 ₆ 7 ₇ 8 ₈ 9 ₉ + ₊ - ₋ = ₌ ( ₍ ) ₎ i ᵢ j ⱼ k ₖ n ₙ m ₘ t ₜ a ₐ e ₑ o ₒ x ₓ p ₚ
  s ₛ r ᵣ l ₗ h ₕ u ᵤ v ᵥ`);

// A braced argument one level deep: `{x}`, `{n \log n}`, `{a_{i}}`.
const ARG = String.raw`\{((?:[^{}]|\{[^{}]*\})*)\}`;
const STYLE_COMMAND = new RegExp(
  String.raw`\\(?:emph|textbf|textit|textsl|textsc|texttt|textrm|textsf|text|textup|mathrm|mathbf|mathit|mathsf|mathtt|boldsymbol|bm|operatorname|mbox|hbox|underline|mathcal|mathscr|mathfrak)\s*${ARG}`,
  'g',
);
const OLD_STYLE = /\{\\(?:em|bf|it|tt|sf|sc|sl|rm|small|large|Large|bf\s*\\em)\s+([^{}]*)\}/g;
const ACCENTS: Record<string, string> = {
  tilde: '\u0303',
  hat: '\u0302',
  widehat: '\u0302',
  widetilde: '\u0303',
  bar: '\u0304',
  overline: '\u0305',
  vec: '\u20d7',
  dot: '\u0307',
  ddot: '\u0308',
};

/** A script as Unicode super- or subscripts when every character has one, else as `^(…)` / `_(…)`. */
function script(body: string, table: Record<string, string>, mark: string): string {
  const chars = [...body.replace(/\s+/g, '')];
  if (chars.length && chars.every((c) => table[c])) return chars.map((c) => table[c]).join('');
  return chars.length === 1 ? `${mark}${body}` : `${mark}(${body.trim()})`;
}

/** One `$…$` formula read as text. */
function math(formula: string): string {
  let text = formula;
  // Innermost first, so `\frac{\sqrt{n}}{2}` and `\tilde{O}(\log^2 k)` come out whole.
  for (let i = 0; i < 3; i += 1) {
    text = text
      .replace(new RegExp(String.raw`\\[dt]?frac\s*${ARG}\s*${ARG}`, 'g'), (_, a: string, b: string) => {
        const wrap = (x: string) => (/^[\w.′]+$/u.test(x.trim()) ? x.trim() : `(${x.trim()})`);
        return `${wrap(a)}/${wrap(b)}`;
      })
      .replace(new RegExp(String.raw`\\sqrt\s*${ARG}`, 'g'), (_, a: string) =>
        /^\w$/.test(a.trim()) ? `√${a.trim()}` : `√(${a.trim()})`,
      )
      .replace(new RegExp(String.raw`\\mathbb\s*${ARG}`, 'g'), (_, a: string) => BLACKBOARD[a.trim()] ?? a)
      .replace(
        new RegExp(String.raw`\\(${Object.keys(ACCENTS).join('|')})\s*(?:${ARG}|(\w))`, 'g'),
        (_, name: string, a?: string, b?: string) => {
          const base = (a ?? b ?? '').trim();
          return [...base].length === 1 ? `${base}${ACCENTS[name]}` : base;
        },
      )
      .replace(STYLE_COMMAND, '$1');
  }
  text = text
    .replace(/\\(?:left|right|big|Big|bigg|Bigg)(?![a-zA-Z])\s*/g, '')
    // Escaped braces are kept through the removal of grouping braces below.
    .replace(/\\([{}|%&#_$])/g, (_, c: string) => ({ '{': '\ue000', '}': '\ue001', '|': '‖' })[c] ?? c)
    .replace(/\\[,;:! ]|\\q?quad(?![a-zA-Z])/g, ' ')
    .replace(
      /\\([a-zA-Z]+)/g,
      (_, name: string) => SYMBOLS[name] ?? (WORDS.has(name) ? ` ${name}` : name === 'sqrt' ? '√' : name),
    )
    .replace(new RegExp(`\\^\\s*(?:${ARG}|(.))`, 'gu'), (_, a?: string, b?: string) => script(a ?? b ?? '', SUPER, '^'))
    .replace(new RegExp(`_\\s*(?:${ARG}|(.))`, 'gu'), (_, a?: string, b?: string) => script(a ?? b ?? '', SUB, '_'))
    .replace(/[{}]/g, '')
    .replace(/\ue000/g, '{')
    .replace(/\ue001/g, '}');
  // Operators spaced as written in prose; a function name keeps one space before its argument.
  return text
    .replace(/\s+/g, ' ')
    .replace(/\(\s+/g, '(')
    .replace(/\s+([),])/g, '$1')
    .trim();
}

/** Text-mode markup outside formulas: `\eg`, `{\em x}`, `\emph{x}`, `\%`, ``quotes'', `\cite{…}`. */
function prose(text: string): string {
  return (
    text
      .replace(/\s*\\cite[tp]?\s*\{[^}]*\}/g, '')
      // `\/` is TeX's italic correction: `{\em average\/}` reads "average".
      .replace(/\\\//g, '')
      .replace(OLD_STYLE, '$1')
      .replace(STYLE_COMMAND, '$1')
      .replace(/\\(eg|ie|etal|etc|vs|cf)(?![a-zA-Z])\.?/g, (_, name: string) =>
        (TEXT_MACROS[name] ?? name).replace('_', ' '),
      )
      .replace(/\\([%&#_$])/g, '$1')
      .replace(/``|''/g, (q) => (q === '``' ? '“' : '”'))
      .replace(/(?<=[\w.,)])~(?=[\w\\$(])/g, ' ')
      .replace(/(?<=\d)--(?=\d)|(?<= )---?(?= )/g, '–')
      .replace(/\\([a-zA-Z]+)(?![a-zA-Z])/g, (whole, name: string) => SYMBOLS[name] ?? whole)
  );
}

// A formula: `$…$` or `$$…$$` not starting or ending in a space (so "$5 and $10" stays money), or `\(…\)`.
const FORMULA = /\$\$([^$]+?)\$\$|\$(?!\s)([^$]+?)(?<!\s)\$|\\\((.+?)\\\)/g;

/** Where the formulas of a text are, as [start, end) ranges: a bold mark must not split one. */
export const formulaRanges = (text: string): [number, number][] =>
  [...text.matchAll(FORMULA)].map((m) => [m.index, m.index + m[0].length]);

/** The text with its LaTeX shown readably: formulas as Unicode, markup dropped; plain text is unchanged. */
export function readableLatex(text: string): string {
  if (!/[\\$`~{]|--/.test(text)) return text;
  let out = '';
  let at = 0;
  for (const m of text.matchAll(FORMULA)) {
    out += prose(text.slice(at, m.index)) + math(m[1] ?? m[2] ?? m[3] ?? '');
    at = m.index + m[0].length;
  }
  // Composed, so an accent made with a combining mark (Õ) matches the same letter typed.
  return (out + prose(text.slice(at))).replace(/ {2,}/g, ' ').normalize('NFC');
}
