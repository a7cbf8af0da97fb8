// A real S3-compatible server for tests: npm `s3rver` (the S3 REST API over a folder, in
// Node), run inside the test process on a free loopback port, with one empty bucket. It runs
// under Deno as it is, so it needs no install step beyond the lockfile and no Python; the
// AWS SDK talks to it over HTTP exactly as to MinIO (path-style endpoint, signed requests).
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";

/** s3rver's fixed credentials: it refuses other key ids (it does not verify v4 signatures). */
const KEY = "S3RVER";

export interface TestS3 {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  bucket: string;
  /** The variables a process needs to use the bucket (with BENCH_ARTIFACTS_URL). */
  env: Record<string, string>;
  /** An SDK client on the server, for checking what is in the bucket. */
  client: S3Client;
  stop(): Promise<void>;
}

/** Starts a server with bucket `bucket` in a temporary folder; the caller must `stop()` it. */
export async function startS3(bucket = "bench-artifacts"): Promise<TestS3> {
  const dir = await Deno.makeTempDir({ prefix: "bench_s3_" });
  const server = new S3rver({ address: "127.0.0.1", port: 0, directory: dir, silent: true });
  const { port } = await server.run() as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  const env = {
    BENCH_S3_ENDPOINT: endpoint,
    AWS_ACCESS_KEY_ID: KEY,
    AWS_SECRET_ACCESS_KEY: KEY,
    AWS_REGION: "us-east-1",
  };
  const client = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: env.AWS_REGION,
    credentials: { accessKeyId: KEY, secretAccessKey: KEY },
  });
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    endpoint,
    bucket,
    env,
    client,
    async stop() {
      client.destroy();
      await server.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}
