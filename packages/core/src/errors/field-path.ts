const plainKey = /^[A-Za-z_$][\w$-]*$/;

/** Writes a field path (`''` for the root) the way a person would type it: `agents.coder.options.port`, `list[2]`, `env["MY KEY"]`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'string' && plainKey.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(String(key))}]`;
  }
  return text;
}
