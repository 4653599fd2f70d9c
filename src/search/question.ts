/**
 * What a question asks for, read from its wording alone (no index): a definition, the datasets or metrics
 * of some work, a number, a link, a paper's authors or date, two things compared, or anything else. Each
 * kind is answered by its own sentence scorer or from the paper's metadata (src/search/answer.ts).
 */

export type QuestionKind =
  | 'definition'
  | 'datasets'
  | 'models'
  | 'metrics'
  | 'baselines'
  | 'number'
  | 'link'
  | 'authors'
  | 'published'
  | 'compare'
  | 'list'
  | 'general';

/** The kinds answered with sentences naming things of one sort. */
export type ThingKind = Extract<QuestionKind, 'datasets' | 'models' | 'metrics' | 'baselines'>;
export type LinkKind = 'code' | 'project' | 'pdf' | 'page';

export interface Question {
  readonly kind: QuestionKind;
  /** What the question is about, without its asking words: "what datasets are used for X?" → "X". */
  readonly topic: string;
  /** It asks for several things ("which datasets", "what are the challenges"): several sentences may answer. */
  readonly many: boolean;
  /** link: which link is wanted. */
  readonly link?: LinkKind;
  /** compare: the two things compared. */
  readonly pair?: readonly [string, string];
}

const LEAD = String.raw`^(?:(?:can|could) you (?:tell me|explain|say)\s+|(?:please\s+)?(?:tell me|explain)\s+|do you know\s+|i wonder\s+)?`;
const ARTICLE = /^(?:a|an|the)\s+/i;
const strip = (text: string) =>
  text
    .replace(/[?!.]+$/, '')
    .replace(ARTICLE, '')
    .replace(/\s+/g, ' ')
    .trim();

// Words that say what kind of answer is wanted rather than what it is about; left out of the topic.
const ASKING =
  /\b(?:what|which|who|whom|where|when|how|is|are|was|were|does|do|did|can|could|should|would|i|find|get|there|the|a|an|its|their|they|it|any|some|kinds?|types?|sorts?|of|main|key|most|common|commonly|typically|usually|often|popular|standard|used|use|uses|using|employ(?:ed|s)?|adopt(?:ed|s)?|evaluat(?:e|es|ed|ion)|test(?:s|ed)?|train(?:s|ed)?|benchmark(?:s|ed)?|measur(?:e|es|ed)|report(?:s|ed)?|compar(?:e|es|ed|ison)|against|with|list|name|datasets?|data ?sets?|data|corpora|corpus|metrics?|measures?|baselines?|models?|architectures?|backbones?|networks?|code|implementation|source|github|repo(?:sitory)?|project|page|website|homepage|pdf|link|url|download|paper|wrote|written|write|authors?|authored|published|released|appear(?:ed)?|come|came|out|year|date)\b/gi;

/** The question's subject: its words minus the asking words, so the search looks for the subject alone. */
const topicOf = (question: string) =>
  strip(
    question
      .replace(/[?!]+/g, ' ')
      .replace(ASKING, ' ')
      .replace(/^\s*(?:on|for|in|to|by|from|about)\s+|\s+(?:on|for|in|to|by|from|about)\s*$/gi, ''),
  );

const THINGS: readonly [ThingKind, RegExp][] = [
  [
    'datasets',
    /\b(?:datasets?|data ?sets?|benchmarks?|corpora|corpus|evaluated? on|tested on|trained on|training data)\b/i,
  ],
  [
    'metrics',
    /\b(?:metrics?|evaluation measures?|measured? (?:by|with)|how (?:is|are|was|were) .+ (?:evaluated|measured))\b/i,
  ],
  ['baselines', /\b(?:baselines?|compar(?:e|ed|es) (?:to|with|against)|outperforms?|beats?)\b/i],
  ['models', /\b(?:(?:which|what) (?:\w+ )?)?(?:models?|architectures?|backbones?|networks?|encoders?)\b/i],
];

const LINK =
  /\b(?:where|link|url|github|repo(?:sitory)?|download|is (?:there|the) (?:any )?(?:code|an? implementation))\b/i;
const LINK_KINDS: readonly [LinkKind, RegExp][] = [
  ['code', /\b(?:code|implementation|source|github|repo(?:sitory)?)\b/i],
  ['project', /\b(?:project page|project|website|homepage|demo)\b/i],
  ['pdf', /\bpdf\b/i],
  ['page', /\b(?:paper|abstract|arxiv|read)\b/i],
];

const AUTHORS =
  /^(?:who (?:wrote|writes|authored|are the authors|is the author|is behind|are behind|created|developed|proposed|published)\b|(?:list |name )?(?:the )?authors? (?:of|for)\b)/i;
const PUBLISHED = /^(?:when (?:was|were|did|is)\b|(?:in )?what year\b|(?:the )?(?:publication|release) date\b)/i;
const NUMBER =
  /\b(?:how (?:many|much|fast|long|large|big|small|quickly|accurate|often|high|low|deep|wide)|(?:what|which) (?:number|percentage|fraction|proportion|share|resolution|speed(?:up)?|size|accuracy)|at what (?:resolution|speed|rate|scale))\b/i;
const COMPARE =
  /^(?:compare\s+(.+?)\s+(?:and|with|to|vs\.?|versus)\s+(.+)|(?:what is |what's )?(?:the )?differences? between\s+(.+?)\s+and\s+(.+)|how (?:does|do|is|are)\s+(.+?)\s+(?:differ from|compare (?:to|with)|different from)\s+(.+)|(.+?)\s+(?:vs\.?|versus)\s+(.+))$/i;
const DEFINITION =
  /^(?:what (?:is|are|was|were)|what's|define|definition of|what does (.+) (?:mean|stand for)|what is meant by|explain)\s+(.+)$/i;
// "What are the challenges of X" lists; "what is X" defines: a definition's subject is a short name or phrase.
const LIST =
  /^(?:list|name|enumerate|give me)\b|^(?:what|which) (?:are|were) (?:the |some )?(?:main |key |common |different )?\w+s\b.*\b(?:of|for|in|to|that|when)\b|^what (?:kinds?|types?|sorts?) of\b/i;

/** Reads what a question asks for. Pure: the same wording always gives the same kind. */
export function classifyQuestion(question: string): Question {
  const text = question
    .replace(new RegExp(LEAD, 'i'), '')
    .replace(/[?!.\s]+$/, '')
    .trim();
  const many =
    /^(?:which|what) \w*s\b|\b(?:datasets|metrics|baselines|models|methods|approaches|ways|challenges|kinds|types)\b/i.test(
      text,
    );

  const compared = COMPARE.exec(text);
  if (compared) {
    const [a = '', b = ''] = compared.slice(1).filter((x): x is string => x !== undefined);
    return { kind: 'compare', topic: `${strip(a)} ${strip(b)}`, many: false, pair: [strip(a), strip(b)] };
  }
  if (AUTHORS.test(text)) return { kind: 'authors', topic: topicOf(text), many: false };
  if (PUBLISHED.test(text) && /\b(?:published|released|posted|appear|come out|written|submitted)\b/i.test(text))
    return { kind: 'published', topic: topicOf(text), many: false };
  if (LINK.test(text) && !NUMBER.test(text)) {
    const link = LINK_KINDS.find(([, pattern]) => pattern.test(text))?.[0];
    if (link) return { kind: 'link', topic: topicOf(text), many: false, link };
  }
  if (NUMBER.test(text)) return { kind: 'number', topic: text, many: false };
  // The noun asked for ("what models … benchmark?") outranks kind words later in the question and "what is".
  const noun = /^(?:which|what)\s+(?:\w+\s+)??(\w+)/i.exec(text)?.[1] ?? '';
  const asked = THINGS.find(([, pattern]) => pattern.test(noun))?.[0];
  if (asked) return { kind: asked, topic: topicOf(text), many: true };
  const defined = DEFINITION.exec(text);
  if (defined && !LIST.test(text)) {
    const subject = strip(defined[1] ?? defined[2] ?? '');
    // "What is the FID of X" and "what is X used for" ask about X, not for what X is: kept as definitions of
    // the whole phrase, which only a sentence naming all of it can answer.
    if (subject.split(' ').length <= 8) return { kind: 'definition', topic: subject, many: false };
  }
  const mentioned = THINGS.find(([, pattern]) => pattern.test(text))?.[0];
  if (mentioned) return { kind: mentioned, topic: topicOf(text), many: true };
  if (LIST.test(text)) return { kind: 'list', topic: text, many: true };
  return { kind: 'general', topic: text, many };
}
