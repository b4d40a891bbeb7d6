import type { ShareApi, ShareOptions, ShareReview } from '../../../shared/api/share';
import type { Db } from '../store/workspace';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reviewShare, shareBundle, type ShareSettings, type ShareSummary } from './bundle';
import { defaultMapPath, loadShareMap } from './map';
import { Unsharer } from './unshare';

/** The largest shared bundle the API hands back inline (the CLI writes any size to a file). */
const MAX_INLINE_BYTES = 512 << 20;

function settings(db: Db, options: ShareOptions): ShareSettings {
  return { mapFile: defaultMapPath(db.name), k8sNames: options.k8sNames, words: options.words, patterns: options.patterns ?? [], keep: options.keep };
}

function review(summary: ShareSummary, mapFile: string): ShareReview {
  return { bundleId: summary.bundleId, files: summary.files, found: summary.found, leftOut: summary.leftOut, mapFile };
}

/** ShareApi over a workspace: the map is the workspace's own (share-map.json beside it). */
export function createShareApi(db: Db): ShareApi {
  return {
    async shareReview(bundle, options) {
      const s = settings(db, options);
      return review(reviewShare(db, bundle, s), s.mapFile);
    },
    async shareBundle(bundle, options) {
      const s = settings(db, options);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodescope-shared-'));
      try {
        const name = (db.prepare('SELECT name FROM bundles WHERE id = ?').get(bundle) as { name: string } | undefined)?.name ?? `bundle-${bundle}`;
        const out = path.join(dir, 'shared.tar.gz');
        const result = await shareBundle(db, bundle, out, s);
        if (result.bytes > MAX_INLINE_BYTES) throw new Error(`the shared bundle is ${result.bytes} bytes: use "nodescope share" to write it to a file`);
        const fileName = `shared-${bundle}-${name.replace(/\.(tar\.gz|tgz|tar|zip|tar\.\w+)$/i, '').replace(/[^\w.-]+/g, '_').slice(0, 40)}.tar.gz`;
        return { fileName, data: fs.readFileSync(out).toString('base64'), bytes: result.bytes, mapFile: s.mapFile, review: review(result, s.mapFile) };
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    async unshareText(text) {
      return new Unsharer(loadShareMap(defaultMapPath(db.name))).text(text);
    },
  };
}
