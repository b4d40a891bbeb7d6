import type { ArgValidators } from './args';
import { bundlesArgs, type BundlesApi } from './bundles';
import { compareArgs, type CompareApi } from './compare';
import { dnsArgs, type DnsApi } from './dns';
import { findingsArgs, type FindingsApi } from './findings';
import { fleetArgs, type FleetApi } from './fleet';
import { k8sArgs, type K8sApi } from './k8s';
import { logsArgs, type LogsApi } from './logs';
import { networkArgs, type NetworkApi } from './network';
import { processesArgs, type ProcessesApi } from './processes';
import { profilesArgs, type ProfilesApi } from './profiles';
import { reportArgs, type ReportApi } from './report';
import { shareArgs, type ShareApi } from './share';
import { systemArgs, type SystemApi } from './system';
import { timelineArgs, type TimelineApi } from './timeline';

export * from './args';
export * from './bundles';
export * from './findings';
export * from './logs';

/**
 * The one API the renderer talks to. Electron exposes it through the preload (IPC), browser mode
 * through JSON over HTTP; the renderer cannot tell which. Each area declares its part in its own file
 * (import an area's types from './api/<area>').
 */
export interface NodescopeApi
  extends BundlesApi,
    LogsApi,
    FindingsApi,
    ProfilesApi,
    NetworkApi,
    DnsApi,
    SystemApi,
    ProcessesApi,
    K8sApi,
    CompareApi,
    ReportApi,
    ShareApi,
    FleetApi,
    TimelineApi {}

export type ApiMethod = keyof NodescopeApi;

/** Argument validators of every method: the adapters (IPC, HTTP) run these before calling the engine. */
export const apiArgs: ArgValidators<NodescopeApi> = {
  ...bundlesArgs,
  ...logsArgs,
  ...findingsArgs,
  ...profilesArgs,
  ...networkArgs,
  ...dnsArgs,
  ...systemArgs,
  ...processesArgs,
  ...k8sArgs,
  ...compareArgs,
  ...reportArgs,
  ...shareArgs,
  ...fleetArgs,
  ...timelineArgs,
};

export const API_METHODS = Object.keys(apiArgs) as ApiMethod[];
