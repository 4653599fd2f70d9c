import type { FieldTerms } from '../search/paper-terms.js';

/** The fields of a paper in the order their term counts are stored. */
export const FIELDS = ['title', 'abstract', 'authors', 'parts'] as const;

/**
 * The papers (by row id) that contain one term, each with how often the term occurs in each field: the
 * unit search reads. Typed arrays, so scoring tens of thousands of papers is a tight loop, not objects.
 */
export interface PostingList {
  readonly docs: Uint32Array;
  /** FIELDS.length counts per doc, capped at 255 (BM25 saturates long before). */
  readonly counts: Uint8Array;
}

const WIDTH = FIELDS.length;

// Working space of `packPostings`, kept from one batch to the next: allocated afresh for each, its pages were
// touched anew each time, which on some machines costs more than the work done in them.
let space = new Uint32Array(0);

/**
 * The posting lists of a set of papers, back to back in term order: list `i` holds postings `ends[i - 1]` to
 * `ends[i]` of `bytes`, each list as stored (see `decodePostings`). One buffer, so it crosses to another thread whole.
 */
export interface PackedPostings {
  readonly terms: string[];
  readonly ends: Uint32Array;
  readonly bytes: Buffer;
}

/**
 * Every term of a set of papers (by row id) with its posting list, in term order, so a segment's rows are
 * appended in key order. Built in flat typed arrays: a batch holds millions of postings, which as objects
 * would cost the ingest its time in garbage collection.
 */
export function packPostings(papers: ReadonlyMap<number, FieldTerms>): PackedPostings {
  let occurrences = 0;
  for (const fields of papers.values()) for (const field of FIELDS) occurrences += fields[field].length;
  if (space.length < 5 * occurrences) space = new Uint32Array(Math.ceil(6 * occurrences));
  // Per posting: its term, doc and field counts (a byte each, packed in one number); per term: the last paper
  // it was seen in (an ordinal from 1) and that paper's posting. Never more of either than occurrences.
  const [termOf, docOf, countsOf, seenIn, postingIn] = [0, 1, 2, 3, 4].map((i) =>
    space.subarray(i * occurrences, (i + 1) * occurrences),
  ) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  const ids = new Map<string, number>();
  const terms: string[] = [];
  let postings = 0;
  let ordinal = 0;
  // Papers by row id, so that every list ascends (a batch may update older papers after adding new ones).
  for (const doc of [...papers.keys()].sort((a, b) => a - b)) {
    const fields = papers.get(doc)!;
    ordinal += 1;
    const lists = FIELDS.map((field) => fields[field]);
    for (let f = 0; f < WIDTH; f += 1) {
      const list = lists[f]!;
      const shift = 8 * f;
      for (let k = 0; k < list.length; k += 1) {
        const term = list[k]!;
        let id = ids.get(term);
        if (id === undefined) {
          id = terms.length;
          ids.set(term, id);
          terms.push(term);
          seenIn[id] = 0;
        }
        if (seenIn[id] !== ordinal) {
          seenIn[id] = ordinal;
          postingIn[id] = postings;
          termOf[postings] = id;
          docOf[postings] = doc;
          countsOf[postings] = 0;
          postings += 1;
        }
        const at = postingIn[id]!;
        if (((countsOf[at]! >>> shift) & 255) < 255) countsOf[at]! += 1 << shift;
      }
    }
  }
  // Terms in order (the default sort compares as `<` does, without a call per comparison), then each term's
  // postings placed together in the order of the papers: a counting sort.
  const sorted = [...terms].sort();
  const rank = new Uint32Array(terms.length);
  sorted.forEach((term, r) => {
    rank[ids.get(term)!] = r;
  });
  const ends = new Uint32Array(terms.length);
  for (let p = 0; p < postings; p += 1) ends[rank[termOf[p]!]!]! += 1;
  for (let r = 1; r < terms.length; r += 1) ends[r]! += ends[r - 1]!;
  const next = new Uint32Array(terms.length);
  for (let r = 1; r < terms.length; r += 1) next[r] = ends[r - 1]!;
  // 8 bytes per doc (4 for it, 4 for its counts) and lists starting on 8-byte bounds: every list's docs stay aligned.
  const bytes = Buffer.alloc(postings * (4 + WIDTH));
  const docs = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  for (let p = 0; p < postings; p += 1) {
    const r = rank[termOf[p]!]!;
    const from = r === 0 ? 0 : ends[r - 1]!;
    const n = ends[r]! - from;
    const i = next[r]! - from;
    next[r]! += 1;
    docs[(from * (4 + WIDTH)) / 4 + i] = docOf[p]!;
    const counts = countsOf[p]!;
    for (let f = 0; f < WIDTH; f += 1) bytes[from * (4 + WIDTH) + n * 4 + i * WIDTH + f] = (counts >>> (8 * f)) & 255;
  }
  return { terms: sorted, ends, bytes };
}

/** Packed posting lists as [term, list] pairs, each list a view of the one buffer. */
export function listsOf({ terms, ends, bytes }: PackedPostings): [string, Buffer][] {
  return terms.map((term, r) => {
    const from = r === 0 ? 0 : ends[r - 1]!;
    return [term, bytes.subarray(from * (4 + WIDTH), ends[r]! * (4 + WIDTH))];
  });
}

/** Every term of a set of papers (by row id) with its posting list as stored, in term order. */
export const postingsOf = (papers: ReadonlyMap<number, FieldTerms>) => listsOf(packPostings(papers));

/** Adds `base` to every doc of packed posting lists: papers numbered by their place in a batch become row ids. */
export function shiftDocs({ ends, bytes }: PackedPostings, base: number): void {
  let from = 0;
  for (const end of ends) {
    const docs = new Uint32Array(bytes.buffer, bytes.byteOffset + from * (4 + WIDTH), end - from);
    for (let i = 0; i < docs.length; i += 1) docs[i]! += base;
    from = end;
  }
}

/** A posting list as stored: the docs (4 bytes each, in the machine's byte order: the file stays on it) then their field counts. */
export function decodePostings(blob: Uint8Array): PostingList {
  const n = blob.byteLength / (4 + WIDTH);
  // A Uint32Array view needs 4-byte alignment; an unaligned blob is copied once.
  const bytes = blob.byteOffset % 4 === 0 ? blob : new Uint8Array(blob);
  return { docs: new Uint32Array(bytes.buffer, bytes.byteOffset, n), counts: bytes.subarray(n * 4, n * (4 + WIDTH)) };
}

/** Whether every doc of a list lives in its segment (`live[doc]`, the segment a paper was last written in). */
function allLive(docs: Uint32Array, segment: number, live: Int32Array): boolean {
  for (let i = 0; i < docs.length; i += 1) if (live[docs[i]!] !== segment) return false;
  return true;
}

/**
 * Posting lists of one term (from `segments`) joined, keeping each doc only from the list of the segment holding
 * it (`live[doc]`), docs ascending.
 */
export function joinPostings(
  lists: readonly PostingList[],
  segments: readonly number[],
  live: Int32Array,
): PostingList {
  // One list whose docs all live is used as read: copying a common term's list (400,000 docs at 1 M papers)
  // took longer than reading it.
  if (lists.length === 1 && allLive(lists[0]!.docs, segments[0]!, live)) return inDocOrder(lists[0]!);
  const total = lists.reduce((sum, list) => sum + list.docs.length, 0);
  const docs = new Uint32Array(total);
  const counts = new Uint8Array(total * WIDTH);
  let n = 0;
  lists.forEach((list, l) => {
    for (let i = 0; i < list.docs.length; i += 1) {
      if (live[list.docs[i]!] !== segments[l]) continue;
      docs[n] = list.docs[i]!;
      for (let f = 0; f < WIDTH; f += 1) counts[n * WIDTH + f] = list.counts[i * WIDTH + f]!;
      n += 1;
    }
  });
  return inDocOrder({ docs: docs.slice(0, n), counts: counts.slice(0, n * WIDTH) });
}

/** Where each doc goes for the docs to ascend (they are distinct), or undefined when they already do. */
function ascendingPlaces(docs: Uint32Array): Uint32Array | undefined {
  let i = 1;
  while (i < docs.length && docs[i - 1]! < docs[i]!) i += 1;
  if (i >= docs.length) return undefined;
  const sorted = docs.slice().sort();
  return docs.map((doc) => {
    let [low, high] = [0, sorted.length];
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle]! < doc) low = middle + 1;
      else high = middle;
    }
    return low;
  });
}

/**
 * The list with its docs ascending, as matching seeks through it: lists joined from segments whose row ids
 * interleave (a paper written again keeps its row id, in a later segment) are not, nor those merged newest
 * segment first (before ascending lists were written).
 */
function inDocOrder(list: PostingList): PostingList {
  const places = ascendingPlaces(list.docs);
  if (!places) return list;
  const sorted = { docs: new Uint32Array(list.docs.length), counts: new Uint8Array(list.counts.length) };
  placeInto(sorted, list, places);
  return sorted;
}

/** Copies each posting of `from` (doc and field counts) to its place in `into`. */
function placeInto(into: PostingList, from: PostingList, places: Uint32Array): void {
  places.forEach((to, at) => {
    into.docs[to] = from.docs[at]!;
    into.counts.set(from.counts.subarray(at * WIDTH, (at + 1) * WIDTH), to * WIDTH);
  });
}

/** A stored list's docs as 4-byte numbers: a view when the blob is aligned (as SQLite's are), else a copy. */
const docsOf = (blob: Uint8Array, n: number) =>
  blob.byteOffset % 4 === 0
    ? new Uint32Array(blob.buffer, blob.byteOffset, n)
    : new Uint32Array(blob.slice(0, n * 4).buffer);

/**
 * Stored posting lists of one term joined as stored, docs ascending, keeping each doc only from the list of the
 * segment holding it (`live[doc]`): what a merge writes, without decoding the lists into objects.
 */
export function joinStored(blobs: readonly Uint8Array[], segments: readonly number[], live: Int32Array): Buffer {
  let total = 0;
  blobs.forEach((blob, l) => {
    const docs = docsOf(blob, blob.byteLength / (4 + WIDTH));
    for (let i = 0; i < docs.length; i += 1) if (live[docs[i]!] === segments[l]) total += 1;
  });
  const joined = Buffer.alloc(total * (4 + WIDTH));
  const joinedDocs = new Uint32Array(joined.buffer, joined.byteOffset, total);
  let n = 0;
  blobs.forEach((blob, l) => {
    const count = blob.byteLength / (4 + WIDTH);
    const docs = docsOf(blob, count);
    for (let i = 0; i < count; i += 1) {
      if (live[docs[i]!] !== segments[l]) continue;
      joinedDocs[n] = docs[i]!;
      for (let f = 0; f < WIDTH; f += 1) joined[total * 4 + n * WIDTH + f] = blob[count * 4 + i * WIDTH + f]!;
      n += 1;
    }
  });
  const places = ascendingPlaces(joinedDocs);
  if (!places) return joined;
  // Buffer.alloc is never pooled: both start on a fresh buffer, so decoding views them rather than copying.
  const ascending = Buffer.alloc(joined.byteLength);
  placeInto(decodePostings(ascending), decodePostings(joined), places);
  return ascending;
}
