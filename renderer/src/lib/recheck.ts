import { useEffect, useRef, useState } from 'react';
import { useApi } from './hooks';

/** How often a bundle whose findings come from an older rule set is asked about again. */
const RECHECK_EVERY_MS = 2000;

/**
 * While the workspace diagnoses a bundle again after an upgrade (in the background: the engine pool of
 * the app and of `nodescope serve`), asks for its state every 2 s and calls `done` once its findings
 * are made by the current rules. True meanwhile.
 */
export function useRecheck(bundle: number, fromOlderRules: boolean | undefined, done: () => void): boolean {
  const api = useApi();
  const [rechecking, setRechecking] = useState(false);
  const onDone = useRef(done);
  onDone.current = done;
  useEffect(() => {
    setRechecking(fromOlderRules === true);
    if (!fromOlderRules) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const later = (): void => {
      timer = setTimeout(ask, RECHECK_EVERY_MS);
    };
    const ask = (): void => {
      api.getBundle(bundle).then(
        (d) => {
          if (!live) return;
          if (d.findingsFromOlderRules) return later();
          setRechecking(false);
          onDone.current();
        },
        () => live && later(),
      );
    };
    later();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, bundle, fromOlderRules]);
  return rechecking;
}
