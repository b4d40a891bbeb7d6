import path from 'node:path';
import { chromium } from 'playwright-core';

/** Where the report tests leave their exports and PDF pages, to be looked at. */
export const RESULTS = path.resolve(__dirname, '..', '..', 'test-results', 'report');
export const CHROMIUM = process.env.NODESCOPE_CHROMIUM ?? '/usr/bin/chromium';

export interface HtmlDom {
  /** Every request the page made (the report must make none). */
  requests: string[];
  /** alert() calls: a hostile script that ran would make one. */
  dialogs: string[];
  elements: { script: number; img: number; iframe: number; svg: number };
  hrefs: string[];
  comments: number;
  /** The text of every quoted line cell, as the browser shows it. */
  quoted: string[];
  bodyText: string;
  /** Fonts Chromium used for the glyphs of the first text holding Chinese (CSS.getPlatformFontsForNode). */
  cjkFonts: string[];
}

/** Loads the report in Chromium with JavaScript on (as a careless viewer would) and reads its DOM. */
export async function htmlDom(html: string): Promise<HtmlDom> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.route('**/*', (r) => r.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const dom = await page.evaluate(() => {
      const count = (sel: string) => document.querySelectorAll(sel).length;
      const walker = document.createTreeWalker(document, NodeFilter.SHOW_COMMENT);
      let comments = 0;
      while (walker.nextNode()) comments++;
      return {
        elements: { script: count('script'), img: count('img'), iframe: count('iframe, object, embed'), svg: count('svg') },
        hrefs: Array.from(document.querySelectorAll('a')).map((a) => a.getAttribute('href') ?? ''),
        comments,
        quoted: Array.from(document.querySelectorAll('.t')).map((e) => e.textContent ?? ''),
        bodyText: document.body.innerText,
      };
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    await page.evaluate(() => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        if (/[\u4e00-\u9fff]/.test(walker.currentNode.textContent ?? '')) {
          walker.currentNode.parentElement?.setAttribute('data-cjk', '');
          break;
        }
      }
    });
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '[data-cjk]' });
    const { fonts } = nodeId ? await cdp.send('CSS.getPlatformFontsForNode', { nodeId }) : { fonts: [] };
    return { requests, dialogs, ...dom, cjkFonts: fonts.map((f) => f.familyName) };
  } finally {
    await browser.close();
  }
}

/** The Markdown without its fenced code blocks (whose content Markdown shows verbatim). */
export function markdownOutsideFences(md: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of md.split('\n')) {
    const m = /^(`{3,})/.exec(line);
    if (fence === null && m) fence = m[1];
    else if (fence !== null && line === fence) fence = null;
    else if (fence === null) out.push(line);
  }
  return out.join('\n');
}
