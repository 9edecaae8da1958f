// Cold start entry: instantiate the wasm (fetch + compile, by the package's own init) and sign once.
import { signRequest } from "kms-rotate";
import { oursSigner } from "./sign-cases.mjs";
export const signOnce = () => oursSigner(signRequest)();
