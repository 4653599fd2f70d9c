/** One line of a stream: its text, or for a line over the limit its length and its opening bytes. */
export type Line =
  | { readonly lineNumber: number; readonly text: string }
  | { readonly lineNumber: number; readonly bytes: number; readonly head: string };

const NEWLINE = 0x0a;
// Enough of an over-long line to name its record ("id" comes first in the corpus).
const HEAD_BYTES = 512;

/**
 * Splits a byte stream into lines (LF or CRLF) holding at most `maxBytes` of any one line: a longer line is
 * skipped to its end and reported by length, where readline would buffer it whole, however big.
 */
export async function* splitLines(chunks: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let held = 0;
  let length = 0;
  let head: Buffer | undefined;
  let lineNumber = 0;
  const end = (): Line => {
    lineNumber += 1;
    const line: Line = head
      ? { lineNumber, bytes: length, head: head.toString('utf8') }
      : { lineNumber, text: Buffer.concat(parts, held).toString('utf8').replace(/\r$/, '') };
    parts = [];
    held = 0;
    length = 0;
    head = undefined;
    return line;
  };
  const add = (piece: Buffer) => {
    length += piece.length;
    if (head) return;
    if (held + piece.length <= maxBytes) {
      parts.push(piece);
      held += piece.length;
      return;
    }
    // Over the limit: keep only the opening bytes, and drop the rest of the line as it streams past.
    head = Buffer.concat([...parts, piece], Math.min(HEAD_BYTES, held + piece.length));
    parts = [];
    held = 0;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, start)) {
      add(chunk.subarray(start, at));
      yield end();
      start = at + 1;
    }
    if (start < chunk.length) add(chunk.subarray(start));
  }
  if (length > 0) yield end();
}
