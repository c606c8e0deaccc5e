/**
 * GPT-2's byte-level BPE represents every byte as a printable character: printable Latin-1
 * bytes stand for themselves, the other 68 bytes (controls, space, DEL, NBSP, soft hyphen)
 * are shifted to U+0100 and up in byte order. Byte 0x20 (space) becomes "Ġ", 0x0A becomes "Ċ".
 *
 * The array is in GPT-2's vocabulary order: printable bytes first, then the shifted ones, so
 * index i is the character of GPT-2 token id i (e.g. "{" is 90, "Ġ" is 220).
 */
export const GPT2_BYTE_CHARS: readonly { readonly byte: number; readonly char: string }[] =
  buildByteChars();

function isPrintable(byte: number): boolean {
  return (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || byte >= 0xae;
}

function buildByteChars(): { byte: number; char: string }[] {
  const printable: { byte: number; char: string }[] = [];
  const shifted: { byte: number; char: string }[] = [];
  for (let byte = 0; byte < 256; byte += 1) {
    if (isPrintable(byte)) printable.push({ byte, char: String.fromCodePoint(byte) });
    else shifted.push({ byte, char: String.fromCodePoint(256 + shifted.length) });
  }
  return [...printable, ...shifted];
}

/** The byte-level representation of a UTF-8 string, as GPT-2's tokens spell it. */
export function toByteLevel(text: string): string {
  const charOf = new Map(GPT2_BYTE_CHARS.map(({ byte, char }) => [byte, char]));
  let out = '';
  for (const byte of new TextEncoder().encode(text)) out += charOf.get(byte) ?? '';
  return out;
}
