/** The snippets that put a status page on another site: embed, widget, badge, Markdown badge. */
export interface StatusSnippets {
  embed: string;
  widget: string;
  badge: string;
  markdown: string;
}

/** `s` safe inside a double-quoted HTML attribute. */
function attr(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** `s` as Markdown link text: brackets and backslashes escaped, no line breaks. */
function linkText(s: string): string {
  return s.replace(/[\\[\]]/g, '\\$&').replace(/[\r\n]+/g, ' ');
}

/**
 * The snippets of the page `slug` titled `title`, at `base`: the server's public address
 * (OBSERA_PUBLIC_URL) when the operator set one, else this page's origin. The title is escaped, so
 * a page title cannot add markup to the site it is pasted into.
 */
export function statusSnippets(base: string, slug: string, title: string): StatusSnippets {
  const page = `${base.replace(/\/+$/, '')}/status/${encodeURIComponent(slug)}`;
  return {
    embed: `<iframe src="${attr(page)}/embed" title="${attr(title)}" width="100%" height="400" style="border:0"></iframe>`,
    widget: `<script src="${attr(page)}/widget.js"></script>`,
    badge: `<img src="${attr(page)}/badge.svg" alt="${attr(title)}">`,
    markdown: `[![${linkText(title)}](${page}/badge.svg)](${page})`,
  };
}
