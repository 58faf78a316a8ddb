import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";

export type TestS3 = {
  endpoint: string;
  bucket: string;
  /** The QA_STUDIO_S3_* variables that point the app at this server. */
  env: Record<string, string>;
  /** Every object key in the bucket, whatever its prefix. */
  keys: () => Promise<string[]>;
  stop: () => Promise<void>;
};

/** A real S3 API server (s3rver) on 127.0.0.1, on a free port, with one empty bucket in a temporary directory. */
export async function startTestS3(bucket = "qa-studio-test"): Promise<TestS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "qa-s3-"));
  const server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  // s3rver checks signatures made with its fixed development credentials.
  const env = {
    QA_STUDIO_S3_BUCKET: bucket,
    QA_STUDIO_S3_ENDPOINT: endpoint,
    QA_STUDIO_S3_REGION: "us-east-1",
    QA_STUDIO_S3_ACCESS_KEY_ID: "S3RVER",
    QA_STUDIO_S3_SECRET_ACCESS_KEY: "S3RVER",
    QA_STUDIO_S3_FORCE_PATH_STYLE: "1",
  };
  const client = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
  });
  return {
    endpoint,
    bucket,
    env,
    keys: async () => {
      const out: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
        out.push(...(page.Contents ?? []).map((o) => o.Key!));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return out.sort();
    },
    stop: async () => {
      client.destroy();
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
