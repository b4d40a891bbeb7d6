import type { ReportApi, ReportDraft, ReportExport, ReportFormat } from '../../../shared/api/report';
import type { Db } from '../store/workspace';
import { buildReport, defaultDraft } from './build';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import type { ReportModel } from './model';
import { chromiumPrinter, type PdfPrinter } from './pdf';

export interface ReportApiOptions {
  /** How PDFs are printed: Electron's printToPDF in the app; by default a Chromium found on the machine. */
  pdf?: PdfPrinter;
  /** The report's "generated on" time (tests fix it). */
  now?: () => Date;
}

/** A file name from the node's name and the collection date, safe on every file system. */
export function reportFileName(model: ReportModel, ext: string): string {
  const node = model.bundle.node.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 80) || 'node';
  const day = (model.bundle.collectedAt ?? model.generatedAt).slice(0, 10).replace(/-/g, '');
  return `nodescope-report-${node}-${day}.${ext}`;
}

export async function renderReport(model: ReportModel, format: ReportFormat, pdf: PdfPrinter): Promise<ReportExport> {
  if (format === 'markdown') {
    return { fileName: reportFileName(model, 'md'), mimeType: 'text/markdown; charset=utf-8', data: renderMarkdown(model), encoding: 'utf8' };
  }
  const html = renderHtml(model);
  if (format === 'html') return { fileName: reportFileName(model, 'html'), mimeType: 'text/html; charset=utf-8', data: html, encoding: 'utf8' };
  const bytes = await pdf.print(html);
  return { fileName: reportFileName(model, 'pdf'), mimeType: 'application/pdf', data: bytes.toString('base64'), encoding: 'base64' };
}

/** ReportApi over a workspace: merged into createEngineApi. */
export function createReportApi(db: Db, options: ReportApiOptions = {}): ReportApi {
  const pdf = options.pdf ?? chromiumPrinter();
  const now = options.now ?? (() => new Date());
  return {
    async reportDraft(bundle, compare = null) {
      return defaultDraft(db, bundle, compare);
    },
    async exportReport(draft: ReportDraft, format) {
      return renderReport(await buildReport(db, draft, now()), format, pdf);
    },
  };
}
