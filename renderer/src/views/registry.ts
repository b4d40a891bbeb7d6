import type { ComponentType } from 'react';
import type { AppApi } from '../lib/api';
import type { ViewName } from '../lib/route';
import { DnsView } from './Dns';
import { KubernetesView } from './Kubernetes';
import { NetworkView } from './Network';
import { ProcessesView } from './Processes';
import { hasReportApi, ReportView } from './report/ReportView';
import { ProfilesView } from './profiles/ProfilesView';
import { SystemView } from './System';

export interface ExtraView {
  name: ViewName;
  label: string;
  component: ComponentType<{ bundle: number; params: URLSearchParams }>;
  /** The view needs an API area another part of the engine provides. */
  available: (api: AppApi) => boolean;
}

const has = (api: AppApi, method: string): boolean => typeof (api as unknown as Record<string, unknown>)[method] === 'function';

/** Views over API areas beyond bundles, findings and logs; listed in sidebar order. */
export const extraViews: ExtraView[] = [
  { name: 'kubernetes', label: 'Kubernetes', component: KubernetesView, available: (api) => has(api, 'k8sPods') },
  { name: 'processes', label: 'Processes', component: ProcessesView, available: (api) => has(api, 'processes') },
  { name: 'network', label: 'Network', component: NetworkView, available: (api) => has(api, 'iptables') },
  { name: 'dns', label: 'DNS', component: DnsView, available: (api) => has(api, 'dns') },
  { name: 'system', label: 'System', component: SystemView, available: (api) => has(api, 'system') },
  { name: 'profiles', label: 'Profiles', component: ProfilesView, available: (api) => has(api, 'listProfiles') },
  { name: 'report', label: 'Report', component: ReportView, available: hasReportApi },
];
