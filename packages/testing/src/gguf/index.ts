export {
  encodeGguf,
  type GgufFile,
  type GgufTensor,
  type GgufValue,
  writeGguf,
} from './gguf-writer.js';
export { buildTinyBpeVocab, type TinyBpeVocab, type TinyVocabTokenIds } from './tiny-bpe-vocab.js';
export { type TinyGguf, type TinyGgufOptions, writeTinyGguf } from './write-tiny-gguf.js';
