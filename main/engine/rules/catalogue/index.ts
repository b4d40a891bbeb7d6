import type { Rule } from '../types';
import { CONTROL_PLANE_RULES } from './control-plane';
import { DNS_RULES } from './dns';
import { K8S_RULES } from './k8s';
import { K8S_EVENT_RULES } from './k8s-events';
import { KERNEL_RULES } from './kernel';
import { KUBELET_RULES } from './kubelet';
import { NETWORK_RULES } from './network';
import { PLEG_RULES } from './pleg';
import { PROCESS_RULES } from './processes';
import { PROFILE_RULES } from './profiles';
import { RESOURCE_RULES } from './resources';

/** The field-case rules first, then by area. */
export const ALL_RULES: Rule[] = [
  ...PLEG_RULES, ...PROCESS_RULES, ...RESOURCE_RULES, ...PROFILE_RULES, ...K8S_RULES, ...DNS_RULES, ...NETWORK_RULES,
  ...KERNEL_RULES, ...KUBELET_RULES, ...K8S_EVENT_RULES, ...CONTROL_PLANE_RULES,
];
