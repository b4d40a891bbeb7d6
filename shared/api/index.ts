import type { ArgValidators } from './args';
import { bundlesArgs, type BundlesApi } from './bundles';
import { findingsArgs, type FindingsApi } from './findings';
import { logsArgs, type LogsApi } from './logs';

export * from './args';
export * from './bundles';
export * from './findings';
export * from './logs';

/**
 * The one API the renderer talks to. Electron exposes it through the preload (IPC), browser mode
 * through JSON over HTTP; the renderer cannot tell which. Each area declares its part in its own file.
 */
export interface NodescopeApi extends BundlesApi, LogsApi, FindingsApi {}

export type ApiMethod = keyof NodescopeApi;

/** Argument validators of every method: the adapters (IPC, HTTP) run these before calling the engine. */
export const apiArgs: ArgValidators<NodescopeApi> = { ...bundlesArgs, ...logsArgs, ...findingsArgs };

export const API_METHODS = Object.keys(apiArgs) as ApiMethod[];
