import type { IpvsDiff, IptablesDiff } from '../../../shared/api/network';
import type { Db } from '../store/workspace';
import { iptablesDiff } from './iptables-diff';
import { ipvsDiff } from './ipvs-diff';
import { loadIpvs, loadIptables } from './load';

export interface NetworkComparison {
  iptables: IptablesDiff;
  ipvs: IpvsDiff;
  identical: boolean;
}

/** The iptables and ipvs sections of `nodescope compare A B`. */
export function compareNetwork(db: Db, a: number, b: number): NetworkComparison {
  const iptables = iptablesDiff(loadIptables(db, a), loadIptables(db, b));
  const ipvs = ipvsDiff(loadIpvs(db, a), loadIpvs(db, b));
  return { iptables, ipvs, identical: iptables.identical && ipvs.identical };
}
