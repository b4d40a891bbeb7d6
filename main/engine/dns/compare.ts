import type { DnsDiff } from '../../../shared/api/dns';
import type { Db } from '../store/workspace';
import { dnsDiff } from './diff';
import { dnsView } from './load';

/** The DNS section of `nodescope compare A B`: Corefile by block and plugin, hosts, resolv.conf. */
export function compareDns(db: Db, a: number, b: number): DnsDiff {
  return dnsDiff(dnsView(db, a), dnsView(db, b));
}
