import { useEffect, useRef, useState } from 'react';
import type { NodescopeApi } from '../../../shared/api';
import { useApi } from './hooks';

/** How often a bundle whose findings come from an older rule set is asked about again. */
const RECHECK_EVERY_MS = 2000;

/**
 * Whether the bundle's findings come from an older rule set, read from the bundle list: a few hundred
 * bytes a bundle, where its detail carries the manifest, facts and errors.
 */
async function fromOlderRules(api: NodescopeApi, bundle: number): Promise<boolean> {
  const summary = (await api.listBundles()).find((b) => b.id === bundle);
  return summary?.findingsFromOlderRules ?? false;
}

/**
 * While the workspace diagnoses a bundle again after an upgrade (in the background: the engine pool of
 * the app and of `nodescope serve`), asks every 2 s and calls `done` once its findings are made by the
 * current rules. True meanwhile.
 */
export function useRecheck(bundle: number, done: () => void): boolean {
  const api = useApi();
  const [rechecking, setRechecking] = useState(false);
  const onDone = useRef(done);
  onDone.current = done;
  useEffect(() => {
    let live = true;
    let stale = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = (): void => {
      fromOlderRules(api, bundle).then(
        (older) => {
          if (!live) return;
          if (older) {
            stale = true;
            setRechecking(true);
            timer = setTimeout(ask, RECHECK_EVERY_MS);
          } else if (stale) {
            setRechecking(false);
            onDone.current();
          }
        },
        () => {
          if (live && stale) timer = setTimeout(ask, RECHECK_EVERY_MS);
        },
      );
    };
    setRechecking(false);
    ask();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, bundle]);
  return rechecking;
}
