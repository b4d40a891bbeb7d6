/**
 * Copying for tickets and chat. navigator.clipboard needs a secure context (127.0.0.1 and Electron's
 * file:// are); the textarea fallback covers the rest.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

/** A fenced code block that no line of the text can close early. */
export function markdownFence(text: string, info = ''): string {
  let fence = '```';
  while (text.includes(fence)) fence += '`';
  return `${fence}${info}\n${text}\n${fence}`;
}

/** Evidence as Markdown for a ticket: where it comes from, then the exact text. */
export function evidenceMarkdown(e: { title?: string; artifact: string; line: number | null; lineEnd?: number | null; text: string; link?: string }): string {
  const where = e.line === null ? e.artifact : e.lineEnd && e.lineEnd !== e.line ? `${e.artifact}:${e.line}-${e.lineEnd}` : `${e.artifact}:${e.line}`;
  const head = e.title ? `**${e.title.replace(/[*_`]/g, '\\$&')}** — \`${where}\`` : `\`${where}\``;
  return `${head}${e.link ? ` ([open](${e.link}))` : ''}\n\n${markdownFence(e.text)}\n`;
}
