import type { Db } from '../store/workspace';
import { systemReport } from '../system/api';
import { facts, modulesCmdlineMounts, sysctl } from './features-config';
import { findings, logs, processes, system } from './features-runtime';
import { dns, goroutines, iptables } from './features-services';
import { Builder, type NodeFeatures } from './model';

export type { EvidenceRef, FeatureType, FeatureValue, NodeFeatures } from './model';

/** Every feature of one bundle. Reads only what ingest stored (and the caches other views share). */
export function nodeFeatures(db: Db, bundleId: number): NodeFeatures {
  const b = new Builder();
  const sys = systemReport(db, bundleId);
  facts(db, bundleId, sys, b);
  sysctl(db, bundleId, b);
  modulesCmdlineMounts(db, bundleId, b);
  findings(db, bundleId, b);
  logs(db, bundleId, b);
  processes(db, bundleId, b);
  system(sys, b);
  iptables(db, bundleId, b);
  dns(db, bundleId, b);
  goroutines(db, bundleId, b);
  return { values: b.values, sources: b.sources };
}
