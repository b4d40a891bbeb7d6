import type { K8sEvent } from '../../../shared/api/k8s';
import { metadata, numOrNull, obj, str, type Obj } from './objects';

/** A core/v1 Event; events.k8s.io-era fields (eventTime, series, reportingComponent) fill the gaps. */
export function toEvent(o: Obj): K8sEvent {
  const involved = obj(o.involvedObject ?? o.regarding);
  const kind = str(involved.kind);
  const name = str(involved.name);
  const ns = str(involved.namespace) ?? metadata(o).namespace;
  const series = obj(o.series);
  // An event series (events.k8s.io writers: the scheduler, the kubelet) keeps its first time in eventTime
  // and its last in series.lastObservedTime; events.k8s.io/v1 renames the old fields deprecated*.
  const first = str(o.firstTimestamp) ?? str(o.deprecatedFirstTimestamp) ?? str(o.eventTime);
  const time = str(o.lastTimestamp) ?? str(o.deprecatedLastTimestamp) ?? str(series.lastObservedTime) ?? first ?? metadata(o).createdAt;
  const source = obj(o.source);
  return {
    namespace: metadata(o).namespace,
    type: str(o.type),
    reason: str(o.reason),
    object: [kind ?? '?', ns, name ?? '?'].filter((x) => x !== null).join('/'),
    objectKind: kind,
    objectName: name,
    count: numOrNull(o.count) ?? numOrNull(o.deprecatedCount) ?? numOrNull(series.count) ?? 1,
    message: str(o.message) ?? str(o.note),
    firstTime: first ?? time,
    lastTime: time,
    source: str(source.component) ?? str(o.reportingComponent) ?? str(o.reportingController),
  };
}

/** Newest first; events without a time go last. */
export function byTimeDesc(a: K8sEvent, b: K8sEvent): number {
  return (b.lastTime ?? '').localeCompare(a.lastTime ?? '');
}
