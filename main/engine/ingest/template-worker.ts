import { parentPort, workerData } from 'node:worker_threads';
import { TemplateCounter } from '../compare/template-store';
import { countBatch, type FromTemplateWorker, type LineBatch } from './template-sink';

/** Worker thread of template-sink.ts: counts the batches it is sent, answers the counts on "end". */
const counter = new TemplateCounter((workerData as { nodeName: string | null }).nodeName);

parentPort?.on('message', (message: LineBatch | 'end') => {
  if (message !== 'end') {
    countBatch(counter, message);
    parentPort?.postMessage({ type: 'ack', chars: message.texts.length } satisfies FromTemplateWorker);
    return;
  }
  const r = counter.result();
  const result: FromTemplateWorker = { type: 'result', lines: r.lines, overflow: r.overflow, templates: [...r.templates] };
  parentPort?.postMessage(result);
});
