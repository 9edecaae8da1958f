// One run of a load benchmark in Node, in a fresh process: prints its result as JSON.
//   node load-node.mjs inventory|bulk ours|sdk '{"endpoint":"http://127.0.0.1:N", ...}'
// Run by load.mjs from the project that has kms-rotate (the packed tarball) and
// @aws-sdk/client-kms installed.
import { bulk, inventory, oursAdapter, sdkAdapter } from "./load-work.mjs";

const [task, which, json] = process.argv.slice(2);
const config = JSON.parse(json);
const credentials = config.credentials;
const region = "us-east-1";

let adapter;
if (which === "ours") {
  const { KmsClient } = await import("kms-rotate");
  adapter = oursAdapter(new KmsClient({ region, credentials, endpoint: config.endpoint }));
} else if (which === "sdk") {
  const sdk = await import("@aws-sdk/client-kms");
  // Everything else at its defaults: standard retry mode, 3 attempts.
  adapter = sdkAdapter(sdk, new sdk.KMSClient({ region, credentials, endpoint: config.endpoint }));
} else {
  throw new Error(`unknown client ${which}`);
}

// CPU time of this process (all its threads) for the work alone, after the imports:
// steadier than wall time on a busy machine.
const cpu = process.cpuUsage();
let result;
if (task === "inventory") result = await inventory(adapter, config);
else if (task === "bulk") result = await bulk(adapter, config.keyIds, config);
else throw new Error(`unknown task ${task}`);
const used = process.cpuUsage(cpu);
result.cpuMillis = (used.user + used.system) / 1000;
process.stdout.write(JSON.stringify(result));
