// Entry for browsers, workers and bundlers: fetches the wasm next to this file.
// Bundlers that understand `new URL(..., import.meta.url)` (Vite, webpack 5, Parcel)
// emit the .wasm as an asset; with esbuild, copy kms_rotate_wasm_bg.wasm next to
// the bundle (see README).
import init from "./kms_rotate_wasm.js";

await init({ module_or_path: new URL("./kms_rotate_wasm_bg.wasm", import.meta.url) });

export * from "./client.js";
