import type { Paper } from '../src/core/paper.js';

/**
 * A synthetic library for the daily-choice simulation: papers on diffusion models in two sub-areas, image
 * editing (A) and molecule and protein design (B), written from pools of realistic phrases, published
 * over time, among unrelated papers. Deterministic (seeded), so the figures are the same every run.
 */

export type Area = 'A' | 'B';

const AREAS: Record<Area, { tasks: string[]; titles: string[]; sentences: string[]; names: string[] }> = {
  A: {
    tasks: [
      'Image Editing',
      'Image Inpainting',
      'Photo Super-Resolution',
      'Portrait Relighting',
      'Object Removal',
      'Sketch-to-Image Synthesis',
      'Text-to-Image Personalization',
      'Image Colorization',
    ],
    titles: [
      '{name}: Training-Free {task} with Diffusion Models',
      'Text-Guided {task} via Cross-Attention Control in Diffusion Models',
      '{name}: Mask-Free {task} with Latent Diffusion',
      'Controllable {task} Using Pretrained Text-to-Image Diffusion Models',
    ],
    sentences: [
      'Given a source image and a text prompt, our method edits the target region while preserving the background.',
      'We manipulate the cross-attention maps of a pretrained text-to-image model to localize the edit.',
      'Experiments on COCO and LAION images show a higher CLIP score and lower FID than prior editing methods.',
      'A user study confirms photorealistic results with fewer artifacts around masked regions.',
      'The approach needs no fine-tuning and edits a 512x512 photo in a few seconds on a single GPU.',
      'Inverting the real image into the latent space keeps the identity and layout of the subject.',
      'Pixel-level masks derived from attention let users restrict changes to one object.',
    ],
    names: [
      'EditAnything',
      'PixFlow',
      'PromptPaint',
      'ReLight',
      'InpaintX',
      'ColorDiff',
      'SketchMuse',
      'MagicBrush',
      'LumaEdit',
      'SnapFix',
    ],
  },
  B: {
    tasks: [
      'Molecule Generation',
      'Protein Backbone Design',
      'Ligand Docking',
      'Conformer Generation',
      'Antibody Design',
      'Crystal Structure Prediction',
      'Peptide Design',
      'Linker Design',
    ],
    titles: [
      '{name}: Equivariant Diffusion Models for {task}',
      'Structure-Based {task} with Score-Based Diffusion',
      '{name}: SE(3) Diffusion for {task}',
      'Geometric Diffusion Models for Fast {task}',
    ],
    sentences: [
      'We generate 3D molecular structures with an E(3)-equivariant graph neural network as the denoiser.',
      'Atom types and coordinates are diffused jointly, respecting rotational and translational symmetry.',
      'On QM9 and GEOM-Drugs our model produces more valid and stable molecules than autoregressive baselines.',
      'Generated ligands bind their protein pockets with better Vina docking scores.',
      'The method scales to proteins with hundreds of residues and designs novel backbones.',
      'Chemical bonds and chirality are recovered from the generated atom positions.',
      'Binding affinity predictors guide sampling toward drug-like candidates.',
    ],
    names: [
      'MolDiff',
      'FoldFlow',
      'DockGen',
      'ConfGen',
      'AbDesign',
      'CrystalDiff',
      'PepFlow',
      'LinkerNet',
      'ChemSE3',
      'ProtGen',
    ],
  },
};

const SHARED = [
  'Denoising diffusion probabilistic models have become the leading family of generative models.',
  'We propose a sampler that cuts the number of denoising steps from 1000 to 50.',
  'Classifier-free guidance trades diversity for fidelity at sampling time.',
  'A learned noise schedule improves sample quality at no extra cost.',
];

// Unrelated papers, so term statistics are not those of a library about diffusion alone.
const OTHER: readonly { title: string; abstract: string }[] = [
  {
    title: 'Sample-Efficient Reinforcement Learning for Legged Robots',
    abstract:
      'We train quadruped locomotion policies in simulation and transfer them to hardware. ' +
      'Domain randomization closes the sim-to-real gap.',
  },
  {
    title: 'Retrieval-Augmented Question Answering over Long Documents',
    abstract:
      'A retriever selects passages that a language model reads to answer questions. ' +
      'Accuracy improves on long-document benchmarks.',
  },
  {
    title: 'Graph Neural Networks for Traffic Forecasting',
    abstract:
      'Road sensors form a graph whose signals we forecast an hour ahead. ' +
      'Spatio-temporal attention beats recurrent baselines.',
  },
  {
    title: 'Efficient Transformers for Speech Recognition',
    abstract:
      'We compress attention for streaming speech recognition. ' +
      'Word error rate matches the full model at half the latency.',
  },
  {
    title: 'Federated Learning with Differential Privacy',
    abstract: 'Clients train locally and share clipped, noised updates. We bound the privacy loss over many rounds.',
  },
  {
    title: 'Neural Radiance Fields for Dynamic Scenes',
    abstract:
      'We reconstruct moving scenes from monocular video with a deformation field. Novel views stay sharp over time.',
  },
];

/** A small deterministic generator (mulberry32), so every run builds the same library. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(items: readonly T[], next: () => number): T => items[Math.floor(next() * items.length)]!;

const isoDate = (start: string, day: number) =>
  new Date(Date.parse(start) + day * 86_400_000).toISOString().slice(0, 10);

/** Papers published from `before` days before `start` to `after` days after: one or two per sub-area a day. */
export function diffusionLibrary(start: string, before: number, after: number, seed = 7): Paper[] {
  const next = random(seed);
  const papers: Paper[] = [];
  for (let day = -before; day < after; day++) {
    const published = isoDate(start, day);
    for (const area of ['A', 'B'] as const) {
      const pool = AREAS[area];
      for (let n = next() < 0.5 ? 1 : 2; n > 0; n--) {
        const id = `${area.toLowerCase()}-${papers.length}`;
        const title = pick(pool.titles, next)
          .replace('{name}', pick(pool.names, next))
          .replace('{task}', pick(pool.tasks, next));
        const own = pool.sentences
          .map((sentence) => ({ sentence, key: next() }))
          .sort((a, b) => a.key - b.key)
          .slice(0, 3)
          .map(({ sentence }) => sentence);
        const abstract = [pick(SHARED, next), ...own, pick(SHARED, next)].join(' ');
        papers.push({ id, title, abstract, published, links: {}, source: 'file' });
      }
    }
    if (day % 3 === 0) {
      papers.push({ id: `o-${papers.length}`, ...pick(OTHER, next), published, links: {}, source: 'file' });
    }
  }
  return papers;
}

export const areaOf = (paper: Pick<Paper, 'id'>): Area | undefined =>
  paper.id.startsWith('a-') ? 'A' : paper.id.startsWith('b-') ? 'B' : undefined;
