// Streaming access to the corpus: the subset files the engines are built from, and a random sample of their
// papers for query generation. Nothing here holds more than one line (or the small sample) in memory.

import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Paper } from '../src/core/paper.js';
import { readJsonLinesFile } from '../src/ingest/sources/jsonl.js';
import { isRejected } from '../src/ingest/sources/records.js';

/**
 * Writes the first `limit` non-blank lines of the gzipped corpus to `outFile` as plain JSON Lines, byte for
 * byte, and returns how many it wrote. The corpus is sorted by (created, id), so a subset is its oldest papers.
 */
export async function writeSubset(
  corpusGz: string,
  outFile: string,
  limit: number,
  onProgress?: (lines: number) => void,
): Promise<number> {
  const source = createReadStream(corpusGz).pipe(createGunzip());
  const lines = createInterface({ input: source, crlfDelay: Infinity });
  const out = createWriteStream(outFile);
  let written = 0;
  try {
    for await (const line of lines) {
      if (!line.trim()) continue;
      // Respect back-pressure so a slow disk never makes the whole corpus pile up in memory.
      if (!out.write(`${line}\n`)) await once(out, 'drain');
      written += 1;
      if (written % 20_000 === 0) onProgress?.(written);
      if (written >= limit) break;
    }
  } finally {
    lines.close();
    source.destroy();
    out.end();
    await once(out, 'finish');
  }
  return written;
}

/** Reads the papers of a JSON Lines file one at a time, as paperbot's reader parses them (rejects skipped). */
export async function* papersOf(file: string): AsyncGenerator<Paper> {
  for await (const { result } of readJsonLinesFile(file)) if (!isRejected(result)) yield result;
}

/**
 * `count` distinct papers of the file chosen uniformly at random (`random` is a seeded PRNG, so the choice is
 * the same on every run), returned in the random order they were drawn: a partial Fisher–Yates shuffle over
 * the positions, then one streaming pass that keeps only the chosen papers.
 */
export async function samplePapers(file: string, total: number, count: number, random: () => number): Promise<Paper[]> {
  const positions = new Int32Array(total);
  for (let i = 0; i < total; i += 1) positions[i] = i;
  const take = Math.min(count, total);
  for (let i = 0; i < take; i += 1) {
    const j = i + Math.floor(random() * (total - i));
    const t = positions[i]!;
    positions[i] = positions[j]!;
    positions[j] = t;
  }
  const order = new Map<number, number>();
  for (let i = 0; i < take; i += 1) order.set(positions[i]!, i);
  const chosen: (Paper | undefined)[] = new Array(take);
  let position = 0;
  for await (const paper of papersOf(file)) {
    const at = order.get(position);
    if (at !== undefined) chosen[at] = paper;
    position += 1;
  }
  return chosen.filter((paper): paper is Paper => paper !== undefined);
}

const plain = (text: string) =>
  ` ${text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;

/**
 * For each phrase, how many titles of the file contain it word for word. A title fragment found in more than
 * ten titles cannot be known-item-ranked in the top 10 with certainty by any engine: it bounds the recall.
 */
export async function titlesContaining(file: string, phrases: readonly string[]): Promise<number[]> {
  const wanted = phrases.map(plain);
  const counts = wanted.map(() => 0);
  for await (const paper of papersOf(file)) {
    const title = plain(paper.title);
    wanted.forEach((phrase, i) => {
      if (title.includes(phrase)) counts[i]! += 1;
    });
  }
  return counts;
}
