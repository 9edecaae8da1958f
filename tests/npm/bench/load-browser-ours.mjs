// Loaded in headless Chromium by load.mjs: the inventory with kms-rotate through CORS.
import { KmsClient } from "kms-rotate";
import { inventory, oursAdapter } from "./load-work.mjs";

window.runInventory = (config) =>
  inventory(oursAdapter(new KmsClient({ region: "us-east-1", credentials: config.credentials, endpoint: config.endpoint })), config);
window.loadReady = true;
