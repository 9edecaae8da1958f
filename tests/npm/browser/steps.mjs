// Bundled by esbuild (from the installed kms-rotate package) and loaded in headless
// Chromium; run.mjs calls each step with page.evaluate and sets kms-local's faults
// between them. Each step throws on failure.
import {
  KmsClient,
  KmsServiceError,
  KmsNetworkError,
  KmsInputError,
  KmsRotationUnconfirmedError,
  parseKeyId,
  signRequest,
} from "kms-rotate";

const DEMO = {
  accessKeyId: "ASIAKMSLOCALDEMO0001",
  secretAccessKey: "kmsLocalDemoSecretAccessKey0000000000000",
  sessionToken: "kms-local-demo-session-token",
};
const REPORTS = "dec0de00-0000-4000-8000-000000000003";
const endpoint = new URLSearchParams(location.search).get("kms");
const client = (options = {}) => new KmsClient({ region: "us-east-1", endpoint, credentials: DEMO, ...options });

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

/** Counts the requests for `operation` that the package hands to the global fetch. */
function countRequests(operation) {
  const original = globalThis.fetch;
  let count = 0;
  globalThis.fetch = (url, init) => {
    if (new Headers(init?.headers).get("x-amz-target") === `TrentService.${operation}`) count++;
    return original(url, init);
  };
  return {
    get count() {
      return count;
    },
    restore() {
      globalThis.fetch = original;
    },
  };
}

window.steps = {
  async listAndPaginate() {
    const kms = client();
    const page = await kms.listKeys({ Limit: 2 });
    check(page.Keys.length === 2 && page.Truncated === true, "first page of 2");
    let count = 0;
    for await (const key of kms.keys({ Limit: 4 })) count += key.KeyId ? 1 : 0;
    check(count > 4, `keys() walked ${count} keys`);
    return `${count} keys`;
  },
  async describeKeyDates() {
    const { KeyMetadata } = await client().describeKey({ KeyId: "alias/payments" });
    check(KeyMetadata.CreationDate instanceof Date, "CreationDate is a Date");
    return KeyMetadata.KeyId;
  },
  async rotateAndWaitCompletes() {
    const stages = [];
    const done = await client().rotateAndWait({ KeyId: REPORTS, onProgress: (p) => stages.push(p.Stage) });
    check(done.Rotation.RotationType === "ON_DEMAND", "an ON_DEMAND entry");
    check(stages[0] === "STARTED" && stages.at(-1) === "COMPLETED", stages.join(","));
    return stages.join(" → ");
  },
  async serviceErrorWithRequestId() {
    const error = await rejection(client().describeKey({ KeyId: "1234abcd-12ab-34cd-56ef-1234567890ab" }));
    check(error instanceof KmsServiceError, `${error.name}: ${error.message}`);
    check(error.code === "NotFoundException" && error.httpStatus === 400, error.code);
    check(typeof error.requestId === "string" && error.requestId.length > 0, "the exposed x-amzn-requestid is read");
    return `${error.code} ${error.requestId}`;
  },
  async inputError() {
    const error = await rejection(client().rotateKeyOnDemand({ KeyId: "alias/payments" }));
    check(error instanceof KmsInputError, error.name);
    return error.message;
  },
  async retriedAfterThrottling() {
    const page = await client().listAliases();
    check(page.Aliases.length > 0, "aliases");
    return "ok";
  },
  async clockSkewLearned() {
    const kms = client();
    await kms.listKeys();
    check(Math.abs(kms.clockOffsetMs - 900_000) < 10_000, `offset ${kms.clockOffsetMs}`);
    return `offset ${kms.clockOffsetMs} ms`;
  },
  async timeout() {
    const error = await rejection(client({ timeoutMs: 200, maxAttempts: 1 }).getKeyRotationStatus({ KeyId: REPORTS }));
    check(error instanceof KmsNetworkError && error.code === "TimedOut", `${error.name} ${error.code}`);
    return error.message;
  },
  async corsRefused() {
    const error = await rejection(client({ maxAttempts: 1 }).listKeys());
    check(error instanceof KmsNetworkError && error.code === "Unreachable", `${error.name} ${error.code}: ${error.message}`);
    return error.message;
  },
  // kms-local drops the connection after carrying out the rotation (run.mjs injects the
  // fault): the client must look, not send it again.
  async rotationDroppedNotResent() {
    const sent = countRequests("RotateKeyOnDemand");
    try {
      const output = await client().rotateKeyOnDemand({ KeyId: REPORTS });
      check(output.KeyId === REPORTS, `KeyId ${output.KeyId}`);
    } finally {
      sent.restore();
    }
    check(sent.count === 1, `RotateKeyOnDemand handed to fetch ${sent.count} times`);
    return "confirmed from the rotation status, sent once";
  },
  // From an origin kms-local does not allow: fetch fails with a bare TypeError, which does
  // not say whether a request went out. The rotation is never sent blind: the client reads
  // the key's status first (the baseline its evidence needs), that read fails, and the
  // rotation is not carried out.
  async corsRefusedRotationNotSent() {
    const sent = countRequests("RotateKeyOnDemand");
    let error;
    try {
      error = await rejection(client({ maxAttempts: 1 }).rotateKeyOnDemand({ KeyId: REPORTS }));
    } finally {
      sent.restore();
    }
    check(error instanceof KmsNetworkError && error.code === "Unreachable", `${error.name} ${error.code}: ${error.message}`);
    check(!(error instanceof KmsRotationUnconfirmedError), "not unconfirmed: nothing was sent");
    check(sent.count === 0, `RotateKeyOnDemand handed to fetch ${sent.count} times`);
    return `${error.code} before sending, RotateKeyOnDemand never sent`;
  },
  async helpers() {
    check(parseKeyId("alias/payments").type === "aliasName", "parseKeyId");
    const headers = signRequest({
      method: "GET",
      url: "https://example.amazonaws.com/",
      headers: { "x-amz-date": "20150830T123600Z" },
      region: "us-east-1",
      service: "service",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
      signingDate: new Date("2015-08-30T12:36:00Z"),
    });
    check(headers.authorization.endsWith("Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"), headers.authorization);
    return "parseKeyId, signRequest";
  },
};
window.stepsReady = true;
