import type { NodescopeApi, RuleInfo } from '../../shared/api';
import { RULES, ruleInfo } from './rules';
import { findingsApi } from './findings/api';
import { bundlesApi } from './library/api';
import { logsApi } from './search/api';
import type { Db } from './store/workspace';

/** The engine behind NodescopeApi: what the Electron IPC and the HTTP server both expose. */
export function createEngineApi(db: Db, rules: () => RuleInfo[] = () => RULES.map(ruleInfo)): NodescopeApi {
  return {
    ...bundlesApi(db),
    ...logsApi(db),
    ...findingsApi(db, rules),
  };
}
