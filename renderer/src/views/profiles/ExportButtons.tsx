import { useState, type ReactNode } from 'react';
import type { ProfileExport, ProfileExportFormat, ProfileRef } from '../../../../shared/api/profiles';
import { useApi } from '../../lib/hooks';
import { sampleName, type ProfileParams } from './params';

const FORMATS: { format: ProfileExportFormat; label: string; title: string }[] = [
  { format: 'folded', label: 'folded', title: 'Folded stacks, for flamegraph.pl and speedscope' },
  { format: 'speedscope', label: 'speedscope', title: 'speedscope JSON' },
  { format: 'pprof', label: 'pprof', title: 'A pprof protobuf, for go tool pprof (a diff keeps its base samples labelled pprof::base)' },
];

/** Saves the open profile (or the diff) in a format other tools open, as the engine writes it. */
export function ExportButtons({ target, params }: { target: ProfileRef; params: ProfileParams }): ReactNode {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const save = async (format: ProfileExportFormat): Promise<void> => {
    setError(null);
    try {
      const options = { sample: sampleName(params.sample), normalize: !params.raw };
      const out = await api.exportProfile(target, format, options, params.baseline ?? undefined);
      download(out);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <span className="export-buttons small" role="group" aria-label="Export">
      <span className="muted">export</span>
      {FORMATS.map((f) => (
        <button type="button" key={f.format} className="btn small" title={f.title} onClick={() => void save(f.format)}>
          {f.label}
        </button>
      ))}
      {error && <span className="profile-error">{error}</span>}
    </span>
  );
}

function download(out: ProfileExport): void {
  const bytes = out.encoding === 'base64' ? Uint8Array.from(atob(out.data), (c) => c.charCodeAt(0)) : new TextEncoder().encode(out.data);
  const url = URL.createObjectURL(new Blob([bytes], { type: out.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = out.fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
