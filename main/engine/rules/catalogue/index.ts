import type { Rule } from '../types';
import { KERNEL_RULES } from './kernel';

export const ALL_RULES: Rule[] = [...KERNEL_RULES];
