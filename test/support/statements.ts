import type { Db } from '../../main/engine/store/workspace';

/**
 * Every statement `db` prepares from now on. Which connection prepared a query says which thread ran
 * it; the statements a call prepares say what work it did (its query plans, never its timings).
 */
export function recordStatements(db: Db): string[] {
  const seen: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    seen.push(sql);
    return prepare(sql);
  }) as Db['prepare'];
  return seen;
}
