import type { FleetApi } from '../../../shared/api/fleet';
import type { Db } from '../store/workspace';
import { fleetGroups, fleetReport } from './index';

/** FleetApi over a workspace: merged into createEngineApi. */
export function createFleetApi(db: Db): FleetApi {
  return {
    fleet: async (bundles) => fleetReport(db, bundles),
    fleetGroups: async (a, b) => fleetGroups(db, a, b),
  };
}
