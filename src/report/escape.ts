/**
 * Escaping for every output format. Verdict messages carry text from the API under test (bodies,
 * header values), so all of it is treated as hostile.
 */

// XML 1.0 allows tab, LF, CR and the ranges below; anything else (other control characters, lone
// surrogates, U+FFFE/F) makes the whole file unreadable. With the u flag a valid pair is one code point.
const XML_INVALID = /[^\t\n\r\u{20}-\u{D7FF}\u{E000}-\u{FFFD}\u{10000}-\u{10FFFF}]/gu;

/** Text and attribute values for XML (and HTML): entities for the five specials, invalid characters replaced. */
export function escapeXml(text: string): string {
  return text
    .replace(XML_INVALID, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** HTML text and attribute values (same rules; `&#39;` for the apostrophe, understood everywhere). */
export function escapeHtml(text: string): string {
  return escapeXml(text).replace(/&apos;/g, '&#39;');
}

/**
 * JSON to embed inside `<script type="application/json">`: `<` is written as `\u003c` so no
 * `</script>` or `<!--` can end the block early; U+2028/9 are escaped for older parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * One line of Markdown text: whitespace collapsed, HTML specials as entities (GitHub renders some
 * HTML), and the characters that start Markdown syntax or break table cells escaped.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(XML_INVALID, '\uFFFD')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#])/g, '\\$1');
}

/** Clip to `max` characters, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
