import type { Rule } from '../types';
import { CONTROL_PLANE_RULES } from './control-plane';
import { KERNEL_RULES } from './kernel';
import { KUBELET_RULES } from './kubelet';
import { PLEG_RULES } from './pleg';
import { PROCESS_RULES } from './processes';
import { RESOURCE_RULES } from './resources';

export const ALL_RULES: Rule[] = [...PLEG_RULES, ...PROCESS_RULES, ...RESOURCE_RULES, ...KERNEL_RULES, ...KUBELET_RULES, ...CONTROL_PLANE_RULES];
