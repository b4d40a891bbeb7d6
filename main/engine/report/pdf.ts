import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * HTML to PDF. The desktop app plugs in Electron's webContents.printToPDF (main/app), the CLI and browser
 * mode a Chromium or Google Chrome found on the machine, driven by playwright-core's page.pdf.
 */
export interface PdfPrinter {
  /** The report's self-contained HTML (no script, no network) printed to PDF bytes. */
  print(html: string): Promise<Buffer>;
}

/** There is no browser to print with: the message says what to install or set. */
export class PdfUnavailableError extends Error {}

const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

const COMMON_LOCATIONS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

export const NO_BROWSER_MESSAGE =
  'PDF export needs Chromium or Google Chrome, and none was found (NODESCOPE_CHROMIUM, PATH: ' +
  `${BROWSER_NAMES.join(', ')}, or the usual install folders). Install one (Debian: apt-get install chromium), ` +
  'set NODESCOPE_CHROMIUM=/path/to/chrome, or export HTML and print that from a browser.';

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** NODESCOPE_CHROMIUM, then the browser names on PATH, then common install locations; null when none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.NODESCOPE_CHROMIUM) return executable(env.NODESCOPE_CHROMIUM) ? env.NODESCOPE_CHROMIUM : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of BROWSER_NAMES) {
      const file = path.join(dir, name);
      if (executable(file)) return file;
    }
  }
  return COMMON_LOCATIONS.find(executable) ?? null;
}

interface PlaywrightChromium {
  launch(options: { executablePath: string; args: string[] }): Promise<{
    newContext(options: { javaScriptEnabled: boolean; offline: boolean }): Promise<{
      newPage(): Promise<{
        route(url: string, handler: (route: { abort(): Promise<void> }) => Promise<void>): Promise<void>;
        setContent(html: string, options: { waitUntil: 'load' }): Promise<void>;
        pdf(options: { format: string; printBackground: boolean; margin: Record<string, string> }): Promise<Buffer>;
      }>;
    }>;
    close(): Promise<void>;
  }>;
}

async function playwrightChromium(): Promise<PlaywrightChromium> {
  try {
    return (await import('playwright-core')).chromium as unknown as PlaywrightChromium;
  } catch {
    throw new PdfUnavailableError('PDF export from the CLI needs the playwright-core package (npm install in the nodescope folder)');
  }
}

/** Prints with a Chromium binary: JavaScript off, offline, every request refused. */
export function chromiumPrinter(executablePath: string | null = findChromium()): PdfPrinter {
  return {
    async print(html) {
      if (!executablePath) throw new PdfUnavailableError(NO_BROWSER_MESSAGE);
      const chromium = await playwrightChromium();
      const browser = await chromium.launch({
        executablePath,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      });
      try {
        const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
        const page = await context.newPage();
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load' });
        return Buffer.from(await page.pdf({ format: 'A4', printBackground: true, margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' } }));
      } finally {
        await browser.close();
      }
    },
  };
}

/**
 * What the desktop app's printer needs of an Electron BrowserWindow (structural: the engine never imports
 * electron). main/app passes `() => new BrowserWindow({ show: false, webPreferences: { javascript: false, sandbox: true } })`.
 */
export interface PrintWindow {
  loadFile(file: string): Promise<void>;
  webContents: {
    printToPDF(options: { printBackground: boolean; pageSize: 'A4'; margins: { top: number; bottom: number; left: number; right: number } }): Promise<Uint8Array>;
  };
  destroy(): void;
}

/** Electron's printToPDF: the HTML goes through a temporary file (no size limit as a data: URL has), removed after. */
export function windowPrinter(open: () => PrintWindow): PdfPrinter {
  return {
    async print(html) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-print-'));
      const file = path.join(dir, 'report.html');
      fs.writeFileSync(file, html);
      const window = open();
      try {
        await window.loadFile(file);
        return Buffer.from(await window.webContents.printToPDF({ printBackground: true, pageSize: 'A4', margins: { top: 0.55, bottom: 0.55, left: 0.47, right: 0.47 } }));
      } finally {
        window.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
