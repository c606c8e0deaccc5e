const codes = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;

export type StyleName = keyof typeof codes;

/** Wraps text in ANSI styles, or leaves it as it is when colour is off. */
export type Stylize = (style: StyleName, text: string) => string;

export function stylizer(color: boolean): Stylize {
  if (!color) return (_style, text) => text;
  return (style, text) => `\u001b[${codes[style][0]}m${text}\u001b[${codes[style][1]}m`;
}
