import type { IpvsDiff, IptablesDiff, NginxDiff } from '../../../shared/api/network';
import type { Db } from '../store/workspace';
import { iptablesDiff } from './iptables-diff';
import { ipvsDiff } from './ipvs-diff';
import { loadIpvs, loadIptables } from './load';
import { nginxView } from './api';
import { nginxDiff } from './nginx-diff';

export interface NetworkComparison {
  iptables: IptablesDiff;
  ipvs: IpvsDiff;
  nginx: NginxDiff;
  identical: boolean;
}

/** The iptables, ipvs and nginx sections of `nodescope compare A B`. */
export function compareNetwork(db: Db, a: number, b: number): NetworkComparison {
  const iptables = iptablesDiff(loadIptables(db, a), loadIptables(db, b));
  const ipvs = ipvsDiff(loadIpvs(db, a), loadIpvs(db, b));
  const nginx = nginxDiff(nginxView(db, a), nginxView(db, b));
  return { iptables, ipvs, nginx, identical: iptables.identical && ipvs.identical && nginx.identical };
}
