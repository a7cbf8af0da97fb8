// Attempt files in an S3-compatible bucket (BENCH_ARTIFACTS_URL=s3://bucket/prefix), for the
// distributed mode: workers put each attempt's files, the server reads them back for
// /artifacts. Keys are `<prefix>/<run_id>/<attempt_dir>/<name>`. Credentials and region come
// from the AWS_* variables, read through Config.env so a `.env` works like the shell (the SDK
// alone reads only the process environment); without them the SDK's own chain applies
// (profiles, instance roles). An endpoint (BENCH_S3_ENDPOINT, or the SDK's standard
// AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL) points it at a non-AWS server, addressed path-style
// as MinIO-like servers expect.
import {
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { type ArtifactsBucket, type Config, redact } from "../config.ts";
import { errorLine } from "../util.ts";
import { type AttemptFileStore, StoreError } from "./store.ts";

/** Region when none is configured: any works for most non-AWS servers. */
const DEFAULT_REGION = "us-east-1";
/** A server that accepts no connection in this long is reported, not waited on. */
const CONNECT_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 120_000;

/** The endpoint of a non-AWS server, if one is configured (first of the variables set). */
export function s3Endpoint(env: Config["env"]): string | undefined {
  return env("BENCH_S3_ENDPOINT") || env("AWS_ENDPOINT_URL_S3") || env("AWS_ENDPOINT_URL") ||
    undefined;
}

/** AttemptFileStore over one bucket and prefix. Methods reject with a one-line StoreError. */
export class S3AttemptFiles implements AttemptFileStore {
  readonly #client: S3Client;
  readonly #secrets: readonly string[];

  constructor(
    readonly location: ArtifactsBucket,
    config: Pick<Config, "env" | "secretValues">,
  ) {
    const { env } = config;
    const endpoint = s3Endpoint(env);
    const id = env("AWS_ACCESS_KEY_ID");
    const secret = env("AWS_SECRET_ACCESS_KEY");
    this.#secrets = config.secretValues;
    this.#client = new S3Client({
      region: env("AWS_REGION") || env("AWS_DEFAULT_REGION") || DEFAULT_REGION,
      endpoint,
      forcePathStyle: endpoint !== undefined,
      credentials: id && secret
        ? { accessKeyId: id, secretAccessKey: secret, sessionToken: env("AWS_SESSION_TOKEN") }
        : undefined,
      // Checksums only where S3 requires them: many S3-compatible servers refuse the newer
      // default (CRC32 headers on every upload).
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
    });
  }

  /** The object key of one attempt file. */
  key(runId: string, dir: string, name: string): string {
    const { prefix } = this.location;
    return `${prefix ? `${prefix}/` : ""}${runId}/${dir}/${name}`;
  }

  async putAttemptFile(runId: string, dir: string, name: string, bytes: Uint8Array) {
    const Key = this.key(runId, dir, name);
    try {
      await this.#client.send(
        new PutObjectCommand({ Bucket: this.location.bucket, Key, Body: bytes }),
      );
    } catch (e) {
      throw this.#error(Key, e);
    }
  }

  async readAttemptFile(runId: string, dir: string, name: string) {
    const Key = this.key(runId, dir, name);
    try {
      const out = await this.#client.send(
        new GetObjectCommand({ Bucket: this.location.bucket, Key }),
      );
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    } catch (e) {
      if (isMissingKey(e)) return undefined;
      throw this.#error(Key, e);
    }
  }

  /** Closes the client's connections. */
  close() {
    this.#client.destroy();
  }

  /** `s3://bucket/key: cause`, one line, secrets redacted (SDK messages can quote headers). */
  #error(key: string, e: unknown): StoreError {
    const status = e instanceof S3ServiceException ? e.$metadata.httpStatusCode : undefined;
    const cause = errorLine(e) || (e as Error)?.name || String(e);
    const line = `s3://${this.location.bucket}/${key}: ${cause}${
      status ? ` (HTTP ${status})` : ""
    }`;
    return new StoreError(redact(line, this.#secrets));
  }
}

/** A key not in the bucket (but not a missing bucket, which is a misconfiguration). */
function isMissingKey(e: unknown): boolean {
  if (!(e instanceof S3ServiceException)) return false;
  return e.name === "NoSuchKey" ||
    (e.$metadata.httpStatusCode === 404 && e.name !== "NoSuchBucket");
}
