/** Origin + path of a target URL, without user info or query (which may carry credentials). */
export function publicTarget(target: string): string {
  try {
    const url = new URL(target);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return '[invalid target]';
  }
}
