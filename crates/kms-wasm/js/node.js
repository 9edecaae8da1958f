// Entry for Node 20+: reads the wasm from disk and instantiates it synchronously, so
// `import { KmsClient } from "kms-rotate"` needs nothing more (Node's fetch does not
// read file: URLs).
import { readFileSync } from "node:fs";
import { initSync } from "./kms_rotate_wasm.js";

initSync({ module: readFileSync(new URL("./kms_rotate_wasm_bg.wasm", import.meta.url)) });

export * from "./client.js";
