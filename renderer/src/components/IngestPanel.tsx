import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { IngestJob } from '../../../shared/api/ingest';
import { navigate, useApi } from '../lib/hooks';
import { routeHash } from '../lib/route';
import { formatBytes } from '../lib/text';
import { canUpload, uploadBundle } from '../lib/upload';

const POLL_RUNNING_MS = 300;
const POLL_IDLE_MS = 2500;

/** Open a bundle (dialog, path, drag and drop) and watch ingest jobs with progress and cancel. */
export function IngestPanel({ onIngested }: { onIngested: () => void }): ReactNode {
  const api = useApi();
  const [jobs, setJobs] = useState<IngestJob[]>([]);
  const [dragging, setDragging] = useState(false);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dismissed, setDismissed] = useState<Set<string>>(() => loadDismissed());
  // Jobs started from this window: when one is done, show its bundle. A ref, not state: the job may
  // finish before the next render.
  const asked = useRef<Set<number>>(new Set());
  const seenReady = useRef<Set<number>>(new Set());

  const refresh = useCallback(async () => {
    const list = await api.ingestJobs();
    setJobs(list);
    for (const j of list) {
      // A bundle opens as soon as it is published: the job may still be counting templates for compare.
      const ready = j.state === 'done' ? (j.result?.id ?? null) : j.state === 'running' ? j.progress.published : null;
      if (ready === null || seenReady.current.has(j.id)) continue;
      seenReady.current.add(j.id);
      onIngested();
      if (asked.current.has(j.id)) navigate(routeHash(ready, 'overview'));
    }
    return list.some((j) => j.state === 'running');
  }, [api, onIngested]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    let live = true;
    const tick = async (): Promise<void> => {
      const running = await refresh().catch(() => false);
      if (live) timer = setTimeout(tick, running ? POLL_RUNNING_MS : POLL_IDLE_MS);
    };
    void tick();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [refresh]);

  const start = useCallback(
    async (path: string) => {
      const job = await api.startIngest(path);
      asked.current.add(job.id);
      await refresh();
    },
    [api, refresh],
  );

  const nextUpload = useRef(1);
  const upload = useCallback(
    (file: File) => {
      const id = nextUpload.current++;
      const handle = uploadBundle(file, (sent, total) => setUploads((us) => us.map((u) => (u.id === id ? { ...u, sent, total } : u))));
      setUploads((us) => [...us, { id, name: file.name, sent: 0, total: file.size, error: null, cancel: handle.cancel }]);
      handle.done.then(
        async (job) => {
          asked.current.add(job.id);
          setUploads((us) => us.filter((u) => u.id !== id));
          await refresh();
        },
        (e: unknown) => setUploads((us) => us.map((u) => (u.id === id ? { ...u, error: e instanceof Error ? e.message : String(e) } : u))),
      );
    },
    [refresh],
  );

  useDropTarget(setDragging, upload);
  const dismiss = (key: string): void => {
    const next = new Set(dismissed).add(key);
    setDismissed(next);
    saveDismissed(next);
  };
  const visible = jobs
    .filter((j) => j.state === 'running' || ((j.state === 'failed' || j.state === 'cancelled') && !dismissed.has(jobKey(j))))
    .slice(0, 4);
  return (
    <>
      {dragging && (
        <div className="drop-overlay">{window.nodescopeShell ? 'Drop a bundle to open it' : 'Drop a bundle (.tar.gz, .zip, …) to upload and open it'}</div>
      )}
      {(visible.length > 0 || uploads.length > 0) && (
        <div className="ingest-jobs" aria-label="Ingest jobs">
          {uploads.map((u) => (
            <UploadRow key={`u${u.id}`} upload={u} onDismiss={() => setUploads((us) => us.filter((x) => x.id !== u.id))} />
          ))}
          {visible.map((j) => (
            <JobRow key={j.id} job={j} onCancel={() => void api.cancelIngest(j.id).then(refresh)} onDismiss={() => dismiss(jobKey(j))} />
          ))}
        </div>
      )}
      <OpenRequestListener onOpen={start} onUpload={upload} />
    </>
  );
}

interface Upload {
  id: number;
  name: string;
  sent: number;
  total: number;
  error: string | null;
  cancel: () => void;
}

function UploadRow({ upload, onDismiss }: { upload: Upload; onDismiss: () => void }): ReactNode {
  const share = upload.total > 0 ? Math.min(1, upload.sent / upload.total) : 0;
  return (
    <div className={`job ${upload.error ? 'job-failed' : 'job-running'}`} role="status">
      <div className="job-head">
        <span className="job-path" title={upload.name}>
          Uploading {upload.name}
        </span>
        {upload.error ? (
          <>
            <span className="job-state">failed: {upload.error}</span>
            <DismissButton onClick={onDismiss} />
          </>
        ) : (
          <button type="button" className="btn small" onClick={upload.cancel}>
            Cancel
          </button>
        )}
      </div>
      {!upload.error && (
        <>
          <progress max={1} value={share} aria-label="Upload progress" />
          <div className="job-detail muted">
            {formatBytes(upload.sent)} of {formatBytes(upload.total)} sent
          </div>
        </>
      )}
    </div>
  );
}

function DismissButton({ onClick }: { onClick: () => void }): ReactNode {
  return (
    <button type="button" className="btn small ghost" onClick={onClick} aria-label="Dismiss" title="Dismiss">
      ✕
    </button>
  );
}

/** Failed jobs stay listed by the server for the session; a dismissed one stays hidden, across reloads. */
const DISMISSED_KEY = 'nodescope.dismissedJobs';

function jobKey(j: IngestJob): string {
  return `${j.startedAt}|${j.path}`;
}

function loadDismissed(): Set<string> {
  try {
    const v = JSON.parse(window.localStorage.getItem(DISMISSED_KEY) ?? '[]') as unknown;
    return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

function saveDismissed(keys: Set<string>): void {
  try {
    window.localStorage.setItem(DISMISSED_KEY, JSON.stringify([...keys].slice(-100)));
  } catch {
    // Storage may be off (private mode): dismissing still holds until the next reload.
  }
}

function JobRow({ job, onCancel, onDismiss }: { job: IngestJob; onCancel: () => void; onDismiss: () => void }): ReactNode {
  const p = job.progress;
  const share = p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
  return (
    <div className={`job job-${job.state}`} role="status">
      <div className="job-head">
        <span className="job-path" title={job.path}>{job.path}</span>
        {job.state === 'running' ? (
          p.published !== null ? (
            <button type="button" className="btn small" onClick={onCancel} title="The bundle stays; a compare counts its templates when asked">
              Stop counting
            </button>
          ) : (
            <button type="button" className="btn small" onClick={onCancel}>
              Cancel
            </button>
          )
        ) : (
          <>
            <span className="job-state">{job.state === 'failed' ? `failed: ${job.error ?? ''}` : job.state}</span>
            <DismissButton onClick={onDismiss} />
          </>
        )}
      </div>
      {job.state === 'running' && (
        <>
          <progress max={1} value={share} aria-label="Ingest progress" />
          <div className="job-detail muted">
            {p.published !== null ? (
              `Ready · ${p.entries} entries · counting log templates for compare`
            ) : (
              <>
                {formatBytes(p.bytesRead)}
                {p.totalBytes > 0 ? ` of ${formatBytes(p.totalBytes)}` : ''} · {p.entries} entries
                {p.currentPath ? ` · ${p.currentPath}` : ''}
              </>
            )}
          </div>
        </>
      )}
    </div>
  );
}

/** The Open form (in the Library) asks through this event so one place owns job tracking. */
export const OPEN_EVENT = 'nodescope-open';

export const UPLOAD_EVENT = 'nodescope-upload';

function OpenRequestListener({ onOpen, onUpload }: { onOpen: (path: string) => Promise<void>; onUpload: (file: File) => void }): ReactNode {
  useEffect(() => {
    const open = (e: Event): void => void onOpen((e as CustomEvent<string>).detail);
    const up = (e: Event): void => onUpload((e as CustomEvent<File>).detail);
    window.addEventListener(OPEN_EVENT, open);
    window.addEventListener(UPLOAD_EVENT, up);
    return () => {
      window.removeEventListener(OPEN_EVENT, open);
      window.removeEventListener(UPLOAD_EVENT, up);
    };
  }, [onOpen, onUpload]);
  return null;
}

export function requestOpen(path: string): void {
  window.dispatchEvent(new CustomEvent(OPEN_EVENT, { detail: path }));
}

export function requestUpload(file: File): void {
  window.dispatchEvent(new CustomEvent(UPLOAD_EVENT, { detail: file }));
}

export function OpenForm(): ReactNode {
  const [path, setPath] = useState('');
  const shell = window.nodescopeShell;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (path.trim()) requestOpen(path.trim());
    setPath('');
  };
  const picker = useRef<HTMLInputElement>(null);
  return (
    <form className="open-form" onSubmit={submit}>
      {shell && (
        <button type="button" className="btn primary" onClick={() => void shell.openDialog()}>
          Open bundle…
        </button>
      )}
      {canUpload() && (
        <>
          <button type="button" className="btn primary" onClick={() => picker.current?.click()}>
            Upload bundle…
          </button>
          <input
            ref={picker}
            type="file"
            hidden
            multiple
            accept=".gz,.tgz,.tar,.xz,.txz,.bz2,.tbz2,.zst,.tzst,.zip,.k8sbundle,.log,.txt"
            aria-label="Bundle file to upload"
            onChange={(e) => {
              for (const f of Array.from(e.target.files ?? [])) requestUpload(f);
              e.target.value = '';
            }}
          />
        </>
      )}
      {!shell && (
      <input
        className="input grow"
        placeholder="Or the path of a bundle (.tar.gz, folder or log file) on the machine running nodescope"
        value={path}
        onChange={(e) => setPath(e.target.value)}
        aria-label="Bundle path"
      />
      )}
      {!shell && (
        <button type="submit" className="btn">
          Ingest
        </button>
      )}
    </form>
  );
}

function useDropTarget(setDragging: (d: boolean) => void, upload: (file: File) => void): void {
  useEffect(() => {
    const shell = window.nodescopeShell;
    let depth = 0;
    const enter = (e: DragEvent): void => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const leave = (): void => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (e: DragEvent): void => e.preventDefault();
    const drop = (e: DragEvent): void => {
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const files = Array.from(e.dataTransfer?.files ?? []);
      // The desktop app ingests the dropped file itself (main refuses paths the user did not give);
      // a browser has no paths: the bytes are uploaded.
      for (const f of files) {
        if (shell) void shell.openDropped(f);
        else upload(f);
      }
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [setDragging, upload]);
}
