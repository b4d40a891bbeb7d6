/**
 * The bundle's Kubernetes listings as the rules read them: parsed once per view (and their parse
 * cached by content, k8s/api.ts), whichever rule asks first.
 */
import type { K8sEvent, K8sList, K8sPod } from '../../../../shared/api/k8s';
import { k8sAllPodsOf, k8sEventsOf, k8sPodsOf } from '../../k8s/api';
import type { BundleView } from '../view';

/** Every event of the bundle's listings. */
export function events(view: BundleView): K8sEvent[] {
  return view.memo('k8s:events', () => k8sEventsOf(view.db, view.bundleId).items);
}

/** Every pod of the listings, on any node. */
export function listedPods(view: BundleView): K8sList<K8sPod> {
  return view.memo('k8s:listed-pods', () => k8sAllPodsOf(view.db, view.bundleId));
}

/** The pods of this bundle's node. */
export function pods(view: BundleView): K8sPod[] {
  return view.memo('k8s:pods', () => k8sPodsOf(view.db, view.bundleId, listedPods(view)).items);
}
