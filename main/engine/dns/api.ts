import type { DnsApi } from '../../../shared/api/dns';
import type { Db } from '../store/workspace';
import { dnsView } from './load';

/** The DNS view's API: functions of one workspace, merged by the engine into NodescopeApi. */
export function createDnsApi(db: Db): DnsApi {
  return {
    dns: async (bundle) => dnsView(db, bundle),
  };
}
