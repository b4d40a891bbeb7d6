import type { K8sEvent } from '../../../shared/api/k8s';
import { metadata, numOrNull, obj, str, type Obj } from './objects';

/** A core/v1 Event; events.k8s.io-era fields (eventTime, series, reportingComponent) fill the gaps. */
export function toEvent(o: Obj): K8sEvent {
  const involved = obj(o.involvedObject ?? o.regarding);
  const kind = str(involved.kind);
  const name = str(involved.name);
  const ns = str(involved.namespace) ?? metadata(o).namespace;
  const time = str(o.lastTimestamp) ?? str(o.eventTime) ?? str(o.firstTimestamp) ?? metadata(o).createdAt;
  const source = obj(o.source);
  return {
    namespace: metadata(o).namespace,
    type: str(o.type),
    reason: str(o.reason),
    object: [kind ?? '?', ns, name ?? '?'].filter((x) => x !== null).join('/'),
    objectKind: kind,
    objectName: name,
    count: numOrNull(o.count) ?? numOrNull(obj(o.series).count) ?? 1,
    message: str(o.message) ?? str(o.note),
    firstTime: str(o.firstTimestamp) ?? str(o.eventTime) ?? time,
    lastTime: time,
    source: str(source.component) ?? str(o.reportingComponent) ?? str(o.reportingController),
  };
}

/** Newest first; events without a time go last. */
export function byTimeDesc(a: K8sEvent, b: K8sEvent): number {
  return (b.lastTime ?? '').localeCompare(a.lastTime ?? '');
}
