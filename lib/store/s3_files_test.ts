// The bucket artifact store against a real S3 server (tests/s3.ts: s3rver on 127.0.0.1),
// configured the way a worker is: loadConfig with the AWS keys in `.env`.
import assert from "node:assert/strict";
import { join } from "node:path";
import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { type Config, loadConfig } from "../config.ts";
import { startS3, type TestS3 } from "../../tests/s3.ts";
import { artifactFiles } from "./open.ts";
import { S3AttemptFiles } from "./s3_files.ts";
import { SqliteStore } from "./sqlite.ts";
import { StoreError } from "./store.ts";

const S3_TEST = { sanitizeResources: false, sanitizeOps: false };
const DB = "postgres://bench@127.0.0.1:1/bench";

/** A config whose AWS keys come from `.env` (not the shell) and whose endpoint is `endpoint`. */
async function configFor(s3: TestS3, url: string, overrides: Record<string, string> = {}) {
  const root = await Deno.makeTempDir();
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ...shell } = s3.env;
  await Deno.writeTextFile(
    join(root, ".env"),
    `AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID}\nAWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}\n`,
  );
  return loadConfig(root, {
    ...shell,
    BENCH_DATABASE_URL: DB,
    BENCH_ARTIFACTS_URL: url,
    ...overrides,
  });
}

function filesOf(config: Config): S3AttemptFiles {
  return new S3AttemptFiles(config.artifacts!, config);
}

async function keys(s3: TestS3): Promise<string[]> {
  const out = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

Deno.test({
  name: "s3 files - a round trip under the URL's prefix; a missing key is undefined",
  ...S3_TEST,
  fn: async () => {
    const s3 = await startS3();
    try {
      const files = filesOf(await configFor(s3, `s3://${s3.bucket}/team/bench/`));
      const bytes = new Uint8Array([0, 1, 2, 255, ...new TextEncoder().encode("3 passed\n")]);
      await files.putAttemptFile("run_1", "t__m__sample00", "stdout.log", bytes);
      await files.putAttemptFile("run_1", "t__m__sample00", "patch.diff", new Uint8Array());
      assert.deepEqual(await files.readAttemptFile("run_1", "t__m__sample00", "stdout.log"), bytes);
      assert.deepEqual(
        await files.readAttemptFile("run_1", "t__m__sample00", "patch.diff"),
        new Uint8Array(),
      );
      assert.equal(await files.readAttemptFile("run_1", "t__m__sample00", "nope.log"), undefined);
      assert.equal(await files.readAttemptFile("run_2", "t__m__sample00", "stdout.log"), undefined);
      assert.deepEqual(await keys(s3), [
        "team/bench/run_1/t__m__sample00/patch.diff",
        "team/bench/run_1/t__m__sample00/stdout.log",
      ]);
      // Without a prefix the key starts at the run.
      const bare = filesOf(await configFor(s3, `s3://${s3.bucket}`));
      await bare.putAttemptFile("run_3", "d", "result.json", new TextEncoder().encode("{}"));
      assert.ok((await keys(s3)).includes("run_3/d/result.json"));
      files.close();
      bare.close();
    } finally {
      await s3.stop();
    }
  },
});

Deno.test({
  name: "s3 files - failures are one line naming bucket and key, never the secret",
  ...S3_TEST,
  fn: async () => {
    const s3 = await startS3();
    const secret = "wJalrXUtnFEMI-not-the-real-secret";
    try {
      // An unknown key id (s3rver checks ids, not v4 signatures): refused with a 403.
      const keyId = "AKIA-not-a-known-key-id";
      const denied = filesOf(
        await configFor(s3, `s3://${s3.bucket}/p`, {
          AWS_ACCESS_KEY_ID: keyId,
          AWS_SECRET_ACCESS_KEY: secret,
        }),
      );
      const bytes = new Uint8Array([1]);
      await assert.rejects(
        () => denied.putAttemptFile("run_1", "d", "stdout.log", bytes),
        (e: Error) => {
          assert.ok(e instanceof StoreError);
          assert.match(
            e.message,
            /^s3:\/\/bench-artifacts\/p\/run_1\/d\/stdout\.log: .+\(HTTP 403\)$/,
          );
          assert.ok(!e.message.includes(secret) && !e.message.includes(keyId), e.message);
          assert.ok(!e.message.includes("\n"), e.message);
          return true;
        },
      );
      // A missing bucket is an error too, not a missing file.
      const noBucket = filesOf(await configFor(s3, "s3://no-such-bucket"));
      await assert.rejects(
        () => noBucket.readAttemptFile("run_1", "d", "stdout.log"),
        /^StoreError: s3:\/\/no-such-bucket\/run_1\/d\/stdout\.log: .+\(HTTP 404\)$/,
      );
      // No server at the endpoint.
      const port = s3.endpoint.split(":").pop();
      await s3.stop();
      const closed = filesOf(
        await configFor(s3, `s3://${s3.bucket}`, { AWS_SECRET_ACCESS_KEY: secret }),
      );
      await assert.rejects(
        () => closed.readAttemptFile("run_1", "d", "stdout.log"),
        (e: Error) => {
          assert.match(e.message, /^s3:\/\/bench-artifacts\/run_1\/d\/stdout\.log: \S/);
          assert.ok(e.message.includes(port!) || /ECONNREFUSED|refused/i.test(e.message));
          assert.ok(!e.message.includes(secret) && !e.message.includes("\n"), e.message);
          return true;
        },
      );
      for (const f of [denied, noBucket, closed]) f.close();
    } finally {
      await s3.stop().catch(() => {});
    }
  },
});

// The PostgreSQL default is routes/artifacts_pg_test.ts's; the bucket, tests/distributed_test.ts's.
Deno.test("s3 files - artifactFiles: none in embedded mode (files stay in runs/)", async () => {
  const root = await Deno.makeTempDir();
  const sqlite = new SqliteStore(join(root, "history.db"));
  assert.equal(artifactFiles(loadConfig(root, {}), sqlite), null);
  await sqlite.close();
});
