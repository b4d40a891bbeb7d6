import type { IngestJob } from '../../../shared/api/ingest';

/** Browser mode only (no file paths in a browser): the bundle's bytes are streamed to the server. */
export function canUpload(): boolean {
  return !window.nodescopeShell && !window.nodescope;
}

export interface UploadHandle {
  done: Promise<IngestJob>;
  cancel: () => void;
}

/** PUT /upload: the server writes the body beside its workspace and starts an ingest job on it. */
export function uploadBundle(file: File, onProgress: (sent: number, total: number) => void): UploadHandle {
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const xhr = new XMLHttpRequest();
  const done = new Promise<IngestJob>((resolve, reject) => {
    xhr.open('PUT', `/upload?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('X-Nodescope-Token', token);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: { ok: boolean; value?: IngestJob; error?: string } | null = null;
      try {
        body = JSON.parse(xhr.responseText) as { ok: boolean; value?: IngestJob; error?: string };
      } catch {
        body = null;
      }
      if (xhr.status === 200 && body?.ok && body.value) resolve(body.value);
      else reject(new Error(body?.error ?? (xhr.responseText.trim() || `HTTP ${xhr.status}`)));
    };
    xhr.onerror = () => reject(new Error('the upload was interrupted'));
    xhr.onabort = () => reject(new Error('cancelled'));
    xhr.send(file);
  });
  return { done, cancel: () => xhr.abort() };
}
