export { ingestBundle, IngestCancelledError, UnreadableInputError, type IngestOptions } from './ingest';
export { DEFAULT_LIMITS, type IngestLimits } from './limits';
