import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { IngestJob } from '../../../shared/api/ingest';
import { navigate, useApi } from '../lib/hooks';
import { routeHash } from '../lib/route';
import { formatBytes } from '../lib/text';

const POLL_RUNNING_MS = 300;
const POLL_IDLE_MS = 2500;

/** Open a bundle (dialog, path, drag and drop) and watch ingest jobs with progress and cancel. */
export function IngestPanel({ onIngested }: { onIngested: () => void }): ReactNode {
  const api = useApi();
  const [jobs, setJobs] = useState<IngestJob[]>([]);
  const [dragging, setDragging] = useState(false);
  // Jobs started from this window: when one is done, show its bundle. A ref, not state: the job may
  // finish before the next render.
  const asked = useRef<Set<number>>(new Set());
  const seenDone = useRef<Set<number>>(new Set());

  const refresh = useCallback(async () => {
    const list = await api.ingestJobs();
    setJobs(list);
    for (const j of list) {
      if (j.state !== 'done' || seenDone.current.has(j.id)) continue;
      seenDone.current.add(j.id);
      onIngested();
      if (asked.current.has(j.id) && j.result) navigate(routeHash(j.result.id, 'overview'));
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

  useDropTarget(setDragging, start);
  const visible = jobs.filter((j) => j.state === 'running' || j.state === 'failed' || j.state === 'cancelled').slice(0, 4);
  return (
    <>
      {dragging && <div className="drop-overlay">Drop a bundle (.tar.gz) to open it</div>}
      {visible.length > 0 && (
        <div className="ingest-jobs" aria-label="Ingest jobs">
          {visible.map((j) => (
            <JobRow key={j.id} job={j} onCancel={() => void api.cancelIngest(j.id).then(refresh)} />
          ))}
        </div>
      )}
      <OpenRequestListener onOpen={start} />
    </>
  );
}

function JobRow({ job, onCancel }: { job: IngestJob; onCancel: () => void }): ReactNode {
  const p = job.progress;
  const share = p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
  return (
    <div className={`job job-${job.state}`} role="status">
      <div className="job-head">
        <span className="job-path" title={job.path}>{job.path}</span>
        {job.state === 'running' ? (
          <button type="button" className="btn small" onClick={onCancel}>
            Cancel
          </button>
        ) : (
          <span className="job-state">{job.state === 'failed' ? `failed: ${job.error ?? ''}` : job.state}</span>
        )}
      </div>
      {job.state === 'running' && (
        <>
          <progress max={1} value={share} aria-label="Ingest progress" />
          <div className="job-detail muted">
            {formatBytes(p.bytesRead)}
            {p.totalBytes > 0 ? ` of ${formatBytes(p.totalBytes)}` : ''} · {p.entries} entries
            {p.currentPath ? ` · ${p.currentPath}` : ''}
          </div>
        </>
      )}
    </div>
  );
}

/** The Open form (in the Library) asks through this event so one place owns job tracking. */
export const OPEN_EVENT = 'nodescope-open';

function OpenRequestListener({ onOpen }: { onOpen: (path: string) => Promise<void> }): ReactNode {
  useEffect(() => {
    const listener = (e: Event): void => void onOpen((e as CustomEvent<string>).detail);
    window.addEventListener(OPEN_EVENT, listener);
    return () => window.removeEventListener(OPEN_EVENT, listener);
  }, [onOpen]);
  return null;
}

export function requestOpen(path: string): void {
  window.dispatchEvent(new CustomEvent(OPEN_EVENT, { detail: path }));
}

export function OpenForm(): ReactNode {
  const [path, setPath] = useState('');
  const shell = window.nodescopeShell;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (path.trim()) requestOpen(path.trim());
    setPath('');
  };
  return (
    <form className="open-form" onSubmit={submit}>
      {shell && (
        <button type="button" className="btn primary" onClick={() => void shell.openDialog()}>
          Open bundle…
        </button>
      )}
      <input
        className="input grow"
        placeholder="Path of a bundle (.tar.gz or folder) on this machine"
        value={path}
        onChange={(e) => setPath(e.target.value)}
        aria-label="Bundle path"
      />
      <button type="submit" className="btn">
        Ingest
      </button>
    </form>
  );
}

function useDropTarget(setDragging: (d: boolean) => void, start: (path: string) => Promise<void>): void {
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
      for (const f of files) {
        const path = shell ? shell.pathForFile(f) : '';
        if (path) void start(path);
        else window.alert('In the browser, type the bundle path in the Library: dropped files have no path here.');
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
  }, [setDragging, start]);
}
