import type { CompareApi } from '../../../shared/api/compare';
import type { Db } from '../store/workspace';
import { compareBundles } from './index';

/** CompareApi over a workspace: merged into createEngineApi. */
export function createCompareApi(db: Db): CompareApi {
  return {
    compareBundles: async (a, b) => compareBundles(db, a, b),
  };
}
