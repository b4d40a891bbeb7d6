import type { Command } from './command';
import { findingsCommand } from './findings';
import { ingestCommand } from './ingest';
import { searchCommand } from './search';

/** Every subcommand, in the order `nodescope --help` lists them. */
export const COMMANDS: Command[] = [ingestCommand, findingsCommand, searchCommand];
