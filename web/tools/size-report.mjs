// What the console's wasm is made of: `twiggy top` over the release build (before
// wasm-bindgen and wasm-opt, while function names are still there), summed by crate.
// Shares are of code and data, leaving out name sections and wasm-bindgen's describe
// exports (both stripped before the browser sees the file).
//
// Usage: node web/tools/size-report.mjs [path/to/kms-console.wasm]
//   (default: $CARGO_TARGET_DIR or target/, wasm32-unknown-unknown/release/kms-console.wasm,
//   which scripts/build-console.sh leaves behind). Needs twiggy on PATH
//   (cargo install twiggy --locked).
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const wasm =
  process.argv[2] ??
  join(process.env.CARGO_TARGET_DIR ?? "target", "wasm32-unknown-unknown/release/kms-console.wasm");
const csv = execFileSync("twiggy", ["top", "-n", "1000000", "-f", "csv", wasm], {
  encoding: "utf8",
  maxBuffer: 1 << 28,
});
const skipped = [/^"function names"/, /^custom section/, /^Σ/, /^\.\.\./, /__wbindgen_describe/, /wasm_bindgen::describe/, /^import __wbindgen_placeholder/];
const byCrate = new Map();
let total = 0;
for (const line of csv.split("\n").slice(1)) {
  const match = /^(.*),(\d+),[\d.]+,[^,]*,[^,]*$/.exec(line);
  if (!match) continue;
  const [, quoted, bytes] = match;
  const name = quoted.replace(/^"|"$/g, "").replace(/""/g, '"');
  if (skipped.some((pattern) => pattern.test(name))) continue;
  const size = Number(bytes);
  total += size;
  let group;
  if (name.startsWith("data segment")) group = "data (.rodata: strings, tables)";
  else if (/^code\[/.test(name)) group = "(unnamed code)";
  else {
    // The first path segment: the crate ("<T as tachys::…>" counts for tachys).
    const crate = /([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(name.replace(/^<[^>]* as /, ""));
    group = crate ? crate[1] : "other";
  }
  if (/^(reactive_graph|tachys|leptos|leptos_\w+|reactive_stores|any_spawner|throw_error|or_poisoned|send_wrapper)$/.test(group)) group = `leptos (${group})`;
  byCrate.set(group, (byCrate.get(group) ?? 0) + size);
}
const rows = [...byCrate].sort((a, b) => b[1] - a[1]);
const leptos = rows.filter(([g]) => g.startsWith("leptos")).reduce((sum, [, n]) => sum + n, 0);
console.log(`| crate | bytes (before wasm-opt) | share |\n|---|---:|---:|`);
for (const [group, size] of rows.slice(0, 15)) {
  console.log(`| ${group} | ${size.toLocaleString("en-US")} | ${((100 * size) / total).toFixed(1)}% |`);
}
console.log(`| **all of Leptos together** | ${leptos.toLocaleString("en-US")} | ${((100 * leptos) / total).toFixed(1)}% |`);
console.log(`| total | ${total.toLocaleString("en-US")} | 100% |`);
