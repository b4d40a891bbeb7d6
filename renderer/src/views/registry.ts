import type { ComponentType } from 'react';
import type { ViewName } from '../lib/route';
import { DnsView } from './Dns';
import { KubernetesView } from './Kubernetes';
import { NetworkView } from './Network';
import { ProcessesView } from './Processes';
import { ReportView } from './report/ReportView';
import { ShareView } from './share/ShareView';
import { ProfilesView } from './profiles/ProfilesView';
import { SystemView } from './System';

export interface ExtraView {
  name: ViewName;
  label: string;
  component: ComponentType<{ bundle: number; params: URLSearchParams }>;
}

/** Views over API areas beyond bundles, findings and logs; listed in sidebar order. */
export const extraViews: ExtraView[] = [
  { name: 'kubernetes', label: 'Kubernetes', component: KubernetesView },
  { name: 'processes', label: 'Processes', component: ProcessesView },
  { name: 'network', label: 'Network', component: NetworkView },
  { name: 'dns', label: 'DNS', component: DnsView },
  { name: 'system', label: 'System', component: SystemView },
  { name: 'profiles', label: 'Profiles', component: ProfilesView },
  { name: 'report', label: 'Report', component: ReportView },
  { name: 'share', label: 'Share', component: ShareView },
];
