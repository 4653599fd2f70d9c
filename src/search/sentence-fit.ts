import { stem, words } from '../core/text.js';
import type { ThingKind } from './question.js';

/**
 * How well one abstract sentence answers a kind of question, from 0 (not at all) to 1, by its wording alone:
 * a definition introduces its subject ("We propose X, a …", "X is a …"); a datasets answer names datasets.
 * Whether the sentence is on the question's topic is scored apart (src/search/answer.ts).
 */

// Patterns match case-sensitively (a lower-case gap must not match "Boosted"), so the subject spells out both cases.
const anyCase = (text: string) =>
  [...text]
    .map((c) =>
      c.toLowerCase() !== c.toUpperCase()
        ? `[${c.toLowerCase()}${c.toUpperCase()}]`
        : c.replace(/[.*+?^${}()|[\]\\]/, '\\$&'),
    )
    .join('');

/** The subject as a pattern that also finds its plural, its other endings and its hyphenation. */
export function phrasePattern(subject: string): string | undefined {
  const parts = words(subject).map((w) => {
    const stemmed = stem(w.text);
    let common = 0;
    while (common < w.text.length && w.text[common] === stemmed[common]) common += 1;
    const prefix = w.text.slice(0, Math.max(common, Math.min(3, w.text.length)));
    return `${anyCase(prefix)}[\\p{L}\\p{N}'’]*`;
  });
  if (!parts.length) return undefined;
  const phrase = parts.join(String.raw`[\s-]*`);
  // "generative adversarial network" is as often written GAN(s).
  const initials = words(subject)
    .map((w) => w.text[0])
    .join('');
  return parts.length >= 2 && parts.length <= 5 ? `(?:${phrase}|${initials}s?)` : phrase;
}

const INTRO_VERB = String.raw`(?:propos|present|introduc|develop|design|describ|devis|formulat|offer)(?:e|es|ed|s)?\b`;
const DETERMINER = String.raw`(?:(?:a|an|the|our|this|its)\s+)?`;
// Lower-case words only between the verb and the subject: in "a framework Boosted Virtual Try-on" the subject
// "virtual try-on" is part of another name, not what is introduced.
const GAP = String.raw`(?:[\p{Ll}\p{N}-]+\s+){0,4}?`;
const ASIDE = String.raw`(?:\s*\([^)]*\))?`;
const COPULA_DEFINING = String.raw`\s+(?:is|are|has been|have been)\s+(?:(?:a|an|one|the|defined|known|considered|regarded|referred|essentially|basically|simply|generally|commonly)\b|(?:(?:widely|very|increasingly|highly)\s+)?(?:popular|powerful|promising|used|important|effective|successful)\b)`;

/** How well a sentence defines or introduces the subject. */
export function definitionFit(sentence: string, subject: string): number {
  const phrase = phrasePattern(subject);
  if (!phrase) return 0;
  const has = (pattern: string) => new RegExp(pattern, 'u').test(sentence);
  const S = String.raw`(?<![\p{L}\p{N}])${phrase}(?![\p{L}\p{N}])`;
  if (!has(S)) return 0;
  // "X (…) is a …" opening the sentence is the textbook definition; later in the sentence, nearly as good.
  if (has(String.raw`^(?:[\p{L}-]+\s+){0,2}?${S}${ASIDE}${COPULA_DEFINING}`)) return 1;
  if (has(String.raw`\b${INTRO_VERB}\s+${DETERMINER}${GAP}${S}${ASIDE}\s*[,:(–—]`)) return 0.95;
  if (has(String.raw`${S}${ASIDE}${COPULA_DEFINING}`)) return 0.85;
  if (has(String.raw`\b(?:called|named|dubbed|termed|coined|known as)\s+(?:as\s+)?${S}`)) return 0.85;
  if (has(String.raw`${S}${ASIDE},\s+(?:a|an|the first|which|that)\b`)) return 0.8;
  if (
    has(
      String.raw`^(?:[\p{L}-]+\s+){0,2}?${S}${ASIDE}\s+(?:is|are|refers?|denotes?|means?|consists?|aims?|focus(?:es)?|seeks?|allows?|enables?|learns?|uses?|combines?|extends?)\b`,
    )
  )
    return 0.65;
  if (has(String.raw`\b${INTRO_VERB}\s+${DETERMINER}${GAP}${S}`)) return 0.6;
  return 0;
}

// Names that say at once what they are. Short and common on purpose: capitalised coinages catch the rest.
const KNOWN: Record<ThingKind, RegExp> = {
  datasets:
    /\b(?:ImageNet|(?:MS[- ]?)?COCO|CIFAR[- ]?(?:10|100)?|(?:Fashion-)?MNIST|SVHN|CelebA(?:-HQ)?|FFHQ|LSUN|AFHQ(?:v2)?|Cityscapes|KITTI|PASCAL(?: VOC)?|ADE20K|DeepFashion\w*|VITON(?:-HD)?|Dress ?Code|FashionIQ|WikiArt|LAION[-\w]*|Penn Treebank|WikiText[-\w]*|SQuAD|GLUE|SuperGLUE|SST-?\d?|IMDB|MovieLens|Netflix Prize|Yelp|Cora|CiteSeer|PubMed|MUTAG|PROTEINS|NCI1|NCI109|COLLAB|REDDIT-\w+|IMDB-\w+|ENZYMES|D&D|PTC(?:-\w+)?|OGB[-\w]*|QM9|ZINC|UCI|TIMIT|LibriSpeech|Switchboard|WMT\s?'?\d*|Omniglot|miniImageNet|Atari|MuJoCo|ShapeNet|ModelNet\d*|ScanNet|Human3\.6M|DAVIS|UCF-?101|Kinetics|HMDB-?51|Visual Genome|VQA|Flickr(?:\d+k?)?|BlogCatalog|CUB(?:-200)?|Caltech-?\d*|Reuters|20 ?Newsgroups|DBLP|Enron|Wikipedia|Twitter|Freebase|WordNet|YAGO|DBpedia|NELL|FB15k\w*|WN18\w*|TREC|CoNLL|OntoNotes|Amazon reviews?)\b/g,
  metrics:
    /\b(?:FID|KID|IS|Inception Score|LPIPS|SSIM|PSNR|MSE|RMSE|MAE|accuracy|precision|recall|F1|F-(?:score|measure)|AUC|ROC|mAP|AP|IoU|mIoU|BLEU|ROUGE|METEOR|CIDEr|perplexity|NDCG|MRR|Hits@\d+|top-[15]|error rates?|WER|CER|EER|Dice|latency|throughput|speed-?up|regret|likelihood|CLIP score)\b/g,
  models:
    /\b(?:ResNet-?\d*|VGG-?\d*|BERT|RoBERTa|GPT-?\d?|Transformers?|ViT|CLIP|U-?Net|LSTMs?|GRUs?|CNNs?|RNNs?|GANs?|StyleGAN\d?|BigGAN|VAEs?|Stable Diffusion|diffusion models?|Inception(?:V3)?|MobileNet\w*|EfficientNet\w*|AlexNet|DenseNet|YOLO\w*|(?:Faster|Mask) R-CNN|T5|XLNet|LLaMA\w*|word2vec|GloVe|ELMo|GCNs?|GAT|GraphSAGE|GIN|SVMs?|random forests?|XGBoost|logistic regression|k-NN|decision trees?|HMMs?|CRFs?|autoencoders?|multilayer perceptrons?|MLPs?)\b/g,
  baselines: /\b(?:state[- ]of[- ]the[- ]art|SOTA|baselines?)\b/gi,
};
const CUE: Record<ThingKind, RegExp> = {
  datasets:
    /\b(?:datasets?|data ?sets?|benchmarks?|corpora|corpus|collections?|experiments? on|evaluated on|tested on|trained on)\b/i,
  metrics: /\b(?:metrics?|measures?|scores?|in terms of|evaluated (?:by|with|using)|measured (?:by|with|in))\b/i,
  models:
    /\b(?:models?|architectures?|backbones?|networks?|encoders?|decoders?|based on|built (?:on|upon)|extends?|we (?:use|employ|adopt))\b/i,
  baselines:
    /\b(?:outperform\w*|compared (?:to|with|against)|comparison (?:to|with)|baselines?|surpass\w*|\\w+er than|superior to|beats?|competitors|competing methods)\b/i,
};
// A coined name: inner capitals or digits ("VITON-HD", "ResNet-50", "CIFAR10"), or an acronym.
const COINED =
  /(?<![\p{L}\p{N}])(?:\p{Lu}[\p{L}\p{N}]*[\p{Lu}\p{N}][\p{L}\p{N}]*(?:-[\p{L}\p{N}]+)*|\p{Lu}\p{Ll}+-\p{N}+)(?![\p{L}\p{N}])/gu;

/**
 * How well a sentence names things of the kind asked for: datasets, models, metrics or baselines. A sentence
 * must name at least one (by a known name, or a coined name beside a word such as "datasets"); `own` are
 * names not to count, such as the paper's own.
 */
export function thingsFit(sentence: string, kind: ThingKind, own: ReadonlySet<string>): number {
  const known = new Set([...sentence.matchAll(KNOWN[kind])].map((m) => m[0].toLowerCase()));
  const coined = new Set(
    [...sentence.matchAll(COINED)]
      .map((m) => m[0])
      // A datasets answer must name data: "GNN" or "CNN" beside the word "benchmarks" is not a dataset.
      .filter((name) => kind !== 'datasets' || !new RegExp(`^${KNOWN.models.source}$`).test(name))
      .map((name) => name.toLowerCase())
      .filter((name) => !own.has(name) && !known.has(name)),
  );
  const cue = CUE[kind].test(sentence);
  if (kind === 'baselines') return cue ? 0.6 + Math.min(0.4, 0.2 * (known.size + coined.size)) : 0;
  // "7 evaluation metrics" answers a metrics question about one paper, if less well than naming them.
  if (kind === 'metrics') return known.size ? Math.min(1, 0.4 + 0.2 * known.size + (cue ? 0.2 : 0)) : cue ? 0.5 : 0;
  const named = known.size + (cue ? coined.size : 0);
  if (!named) return 0;
  return Math.min(1, (cue ? 0.5 : 0.2) + 0.25 * known.size + 0.15 * coined.size);
}

const NUMBER =
  /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|twice|double|triple|a second|an order of magnitude)\b/i;

/** A numbers question is answered only by a sentence with a number in it. */
export const numberFit = (sentence: string): number => (NUMBER.test(sentence) ? 1 : 0);
