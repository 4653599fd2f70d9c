/**
 * The arXiv id a person means when they paste an id or a link: `1712.07084`, `1712.07084v2`, `arXiv:1712.07084`,
 * `cs/9301111`, an arxiv.org abs/pdf/html URL or a huggingface.co/papers URL. The version is dropped, since a
 * paper's id in the library is its arXiv id without one.
 */
const NEW_STYLE = String.raw`\d{4}\.\d{4,5}`;
const OLD_STYLE = String.raw`[a-z][a-z.-]*\/\d{7}`;
const ID = `(${NEW_STYLE}|${OLD_STYLE})(?:v\\d+)?`;

const BARE = new RegExp(`^(?:arxiv:\\s*)?${ID}$`, 'i');
const ARXIV_URL = new RegExp(
  `^(?:https?://)?(?:www\\.|export\\.)?arxiv\\.org/(?:abs|pdf|html)/${ID}(?:\\.pdf)?/?(?:[?#].*)?$`,
  'i',
);
const HF_URL = new RegExp(`^(?:https?://)?(?:www\\.)?huggingface\\.co/papers/${ID}/?(?:[?#].*)?$`, 'i');

export function arxivIdOf(text: string): string | undefined {
  const typed = text.trim();
  const id = (BARE.exec(typed) ?? ARXIV_URL.exec(typed) ?? HF_URL.exec(typed))?.[1];
  if (!id?.includes('/')) return id;
  // Old-style ids are written as arXiv writes them: archive in lower case, subject class in upper ("math.GT/0309136").
  const [archive = '', number] = id.split('/');
  const [name = '', subject] = archive.split('.');
  return `${name.toLowerCase()}${subject ? `.${subject.toUpperCase()}` : ''}/${number}`;
}
