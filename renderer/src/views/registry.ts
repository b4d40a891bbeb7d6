import type { ComponentType } from 'react';
import type { AppApi } from '../lib/api';
import type { ViewName } from '../lib/route';

export interface ExtraView {
  name: ViewName;
  label: string;
  component: ComponentType<{ bundle: number; params: URLSearchParams }>;
  /** The view needs an API area another part of the engine provides. */
  available: (api: AppApi) => boolean;
}

/** Views over API areas beyond bundles, findings and logs; listed in sidebar order. */
export const extraViews: ExtraView[] = [];
