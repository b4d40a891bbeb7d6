import type { Command } from './command';
import { bundlesCommand } from './bundles';
import { compareCommand } from './compare';
import { exportCommand } from './export';
import { findingsCommand } from './findings';
import { fleetCommand } from './fleet';
import { goroutinesCommand } from './goroutines';
import { ingestCommand } from './ingest';
import { profileCommand } from './profile';
import { rediagnoseCommand } from './rediagnose';
import { reportCommand } from './report';
import { rulesCommand } from './rules';
import { searchCommand } from './search';
import { serveCommand } from './serve';
import { shareCommand, unshareCommand } from './share';
import { showCommand } from './show';

/** Every subcommand, in the order `nodescope --help` lists them. */
export const COMMANDS: Command[] = [
  ingestCommand,
  bundlesCommand,
  showCommand,
  findingsCommand,
  searchCommand,
  profileCommand,
  goroutinesCommand,
  compareCommand,
  fleetCommand,
  exportCommand,
  reportCommand,
  shareCommand,
  unshareCommand,
  serveCommand,
  rulesCommand,
  rediagnoseCommand,
];
