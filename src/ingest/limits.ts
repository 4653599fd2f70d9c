// How big anything paperbot reads may be. One huge record once cost every later start gigabytes and a
// minute, and one gzip bomb crashed ingest: each input is bounded here and refused, with a reason, beyond.

/** The most one paper may hold; the Paper schema enforces these, so nothing bigger is ever stored. */
export const PAPER_LIMITS = {
  idChars: 200,
  titleChars: 1_000,
  /** arXiv allows 1,920 characters; 50,000 leaves room for other sources without letting a book in. */
  abstractChars: 50_000,
  /** Big physics collaborations list about 3,000 authors. */
  authors: 5_000,
  authorChars: 300,
  categories: 50,
  categoryChars: 100,
  /** Links of each kind (code, project pages) and the length of each. */
  links: 50,
  urlChars: 2_000,
} as const;

/** The most one file may make paperbot read; tests pass smaller ones. */
export interface FileLimits {
  /** A JSON line longer than this is skipped and reported without ever being held whole. */
  readonly lineBytes: number;
  /** A gzip file may unpack to `gzipRatio` times its size (the corpus is about 3×), or `gzipFloorBytes`. */
  readonly gzipRatio: number;
  readonly gzipFloorBytes: number;
  /** Feeds parsed as one document (Atom, RSS, Hugging Face JSON, saved pages) are read whole: this big at most. */
  readonly wholeFileBytes: number;
  /** A file whose first this-many records are all rejected is not a paper feed; reading stops there. */
  readonly probeRecords: number;
  /** Rejections kept to report (the rest are only counted), so a file of bad lines cannot fill memory. */
  readonly rejectionsKept: number;
}

const MB = 1024 * 1024;

export const FILE_LIMITS: FileLimits = {
  lineBytes: 1 * MB,
  gzipRatio: 20,
  gzipFloorBytes: 64 * MB,
  wholeFileBytes: 64 * MB,
  probeRecords: 100,
  rejectionsKept: 1_000,
};

/** An id or other source text as a message quotes it: never longer than a line. */
export const quoted = (text: string, max = 80) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** A byte count for a message: "1 MB", "52.4 MB", "800 bytes". */
export const byteSize = (bytes: number) =>
  bytes >= MB ? `${Number((bytes / MB).toFixed(1))} MB` : `${bytes.toLocaleString('en')} bytes`;
