import path from "node:path";
import type { Env } from "./env.ts";
import type { FileStorage } from "./storage.ts";
import { DiskStorage } from "./storage.server.ts";
import { S3Storage } from "./storage-s3.server.ts";

/**
 * The file storage the environment asks for: an S3-compatible bucket when
 * MEDVIRK_S3_URL is set, else a folder on disk (MEDVIRK_FILES_DIR, default
 * MEDVIRK_DATA_DIR/files, relative to `root`).
 */
export function filesFromEnv(env: Env, root: string): FileStorage {
  if (env.MEDVIRK_S3_URL)
    return new S3Storage({
      endpoint: env.MEDVIRK_S3_URL,
      bucket: env.MEDVIRK_S3_BUCKET!,
      region: env.MEDVIRK_S3_REGION,
      accessKeyId: env.MEDVIRK_S3_ACCESS_KEY_ID!,
      secretAccessKey: env.MEDVIRK_S3_SECRET_ACCESS_KEY!,
      pathStyle: env.MEDVIRK_S3_PATH_STYLE === "1",
    });
  return new DiskStorage(path.resolve(root, env.MEDVIRK_FILES_DIR ?? path.join(env.MEDVIRK_DATA_DIR, "files")));
}
