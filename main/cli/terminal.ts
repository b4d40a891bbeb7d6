/**
 * Bundle text on a terminal: control characters (C0 but newline and tab, DEL, C1) are shown escaped as
 * `\xHH`, so a bundle cannot retitle the window, recolour or move the cursor (`ESC ]0;…BEL`, `ESC [31m`).
 * Fields (names, messages) are escaped whole, newlines too, so an entry name cannot forge a line.
 */

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
// eslint-disable-next-line no-control-regex
const FIELD_CONTROLS = /[\x00-\x1f\x7f-\x9f]/g;

const hex = (c: string) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** Output text: every control character but "\n" and "\t" escaped. */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, hex);
}

/** One field of bundle text (a name, a log line, a message): every control character escaped. */
export function terminalText(text: string): string {
  return text.replace(FIELD_CONTROLS, hex);
}
