// C0 controls but tab and newline, DEL, and the C1 range (U+0080–U+009F, which
// some terminals read as CSI and friends).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Makes text from the model, its tools or the engine safe to print on a
 * terminal: every control character that could move the cursor, recolour,
 * retitle the window or clear the screen (ESC, CR, BEL, backspace, C1
 * codes…) is shown as a visible escape (`\x1b`, `\r`, `\u009b`) instead of
 * being obeyed. Tabs and newlines stay as they are.
 */
export function escapeControl(text: string): string {
  return text.replace(controls, (char) => {
    const code = char.charCodeAt(0);
    if (char === '\r') return '\\r';
    if (char === '\b') return '\\b';
    if (code > 0x7f) return `\\u${code.toString(16).padStart(4, '0')}`;
    return `\\x${code.toString(16).padStart(2, '0')}`;
  });
}

// The C1 range only: JSON.stringify already escapes C0 controls.
const c1 = /[\u007f-\u009f]/g;

/** A JSON text with DEL and C1 controls written as `\u` escapes (still the same JSON value). */
export function escapeJsonControl(json: string): string {
  return json.replace(c1, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
