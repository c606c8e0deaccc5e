/** A child of `el`: an element, or text that is always inserted as a text node. */
export type Child = Node | string | number | undefined | false;

/**
 * Creates an element. Strings become text nodes (never markup), so model
 * text, tool input and file contents cannot inject HTML. This module is the
 * only place the page creates elements.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: { class?: string; title?: string; open?: boolean } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (attributes.class !== undefined) element.className = attributes.class;
  if (attributes.title !== undefined) element.title = attributes.title;
  if (attributes.open === true) element.setAttribute('open', '');
  for (const child of children) {
    if (child === undefined || child === false) continue;
    element.append(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
  return element;
}
