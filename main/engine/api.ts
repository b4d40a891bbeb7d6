import type { NodescopeApi, RuleInfo } from '../../shared/api';
import { createCompareApi } from './compare/api';
import { createDnsApi } from './dns/api';
import { findingsApi } from './findings/api';
import { createFleetApi } from './fleet/api';
import { createK8sApi } from './k8s/api';
import { bundlesApi, forReadyBundles } from './library/api';
import { createNetworkApi } from './network/api';
import { createProcessesApi } from './processes/api';
import { profilesApi } from './profiles/api';
import { createReportApi, type ReportApiOptions } from './report/api';
import { RULES, ruleInfo } from './rules';
import { logsApi } from './search/api';
import { createShareApi } from './share/api';
import type { Db } from './store/workspace';
import { createSystemApi } from './system/api';
import { timelineApi } from './timeline/api';

export interface EngineApiOptions {
  rules?: () => RuleInfo[];
  /** How reports become PDF: the CLI and browser mode find a Chromium; the app prints with its own window. */
  report?: ReportApiOptions;
}

/** The engine behind NodescopeApi: what the Electron IPC and the HTTP server both expose. */
export function createEngineApi(db: Db, options: EngineApiOptions = {}): NodescopeApi {
  const rules = options.rules ?? (() => RULES.map(ruleInfo));
  return {
    ...bundlesApi(db),
    ...logsApi(db),
    ...findingsApi(db, rules),
    ...profilesApi(db),
    ...forReadyBundles(db, createNetworkApi(db)),
    ...forReadyBundles(db, createDnsApi(db)),
    ...forReadyBundles(db, createSystemApi(db)),
    ...forReadyBundles(db, createProcessesApi(db)),
    ...forReadyBundles(db, createK8sApi(db)),
    ...createCompareApi(db),
    ...createReportApi(db, options.report),
    ...createShareApi(db),
    ...createFleetApi(db),
    ...timelineApi(db),
  };
}
