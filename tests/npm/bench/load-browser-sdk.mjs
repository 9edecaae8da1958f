// Loaded in headless Chromium by load.mjs: the inventory with @aws-sdk/client-kms
// (its browser build: fetch, @aws-crypto/sha256-browser) through CORS.
import * as sdk from "@aws-sdk/client-kms";
import { inventory, sdkAdapter } from "./load-work.mjs";

window.runInventory = (config) =>
  inventory(sdkAdapter(sdk, new sdk.KMSClient({ region: "us-east-1", credentials: config.credentials, endpoint: config.endpoint })), config);
window.loadReady = true;
