//! Key material for import, in the page: files read into memory, WebCrypto wrapping by
//! the npm package's own `wrap.js` (one implementation for both), base64 and PEM.
//! Nothing here is stored: plaintext material lives only for the wrap and is zeroed.

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/../crates/kms-wasm/js/wrap.js")]
extern "C" {
    #[wasm_bindgen(js_name = wrapKeyMaterial, catch)]
    async fn wrap_key_material(input: &JsValue) -> Result<JsValue, JsValue>;
}

/// The file a file input holds, if any.
pub(crate) fn chosen_file(ev: &leptos::ev::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    let input: web_sys::HtmlInputElement = ev.target()?.dyn_into().ok()?;
    input.files()?.get(0)
}

/// The bytes of a file the user chose.
pub(crate) async fn read_file(file: &web_sys::File) -> Result<Uint8Array, String> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("the browser could not read {}", file.name()))?;
    Ok(Uint8Array::new(&buffer))
}

/// Wraps `material` (then zeroed) with the import's public key (base64) and algorithm;
/// resolves to the wrapped material in base64.
pub(crate) async fn wrap(
    public_key: &str,
    algorithm: &str,
    material: Uint8Array,
) -> Result<String, String> {
    let input: JsValue = Object::new().into();
    let _ = Reflect::set(&input, &"PublicKey".into(), &public_key.into());
    let _ = Reflect::set(&input, &"WrappingAlgorithm".into(), &algorithm.into());
    let _ = Reflect::set(&input, &"material".into(), &material);
    let result = wrap_key_material(&input).await;
    material.fill(0, 0, material.length());
    match result {
        Ok(wrapped) => base64(&Uint8Array::new(&wrapped)),
        Err(error) => Err(Reflect::get(&error, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "the browser could not wrap the material".to_owned())),
    }
}

/// Standard base64 of `bytes` (the browser's `btoa`).
pub(crate) fn base64(bytes: &Uint8Array) -> Result<String, String> {
    let text: String = bytes.to_vec().into_iter().map(char::from).collect();
    leptos::prelude::window()
        .btoa(&text)
        .map_err(|_| "the browser could not encode the bytes".to_owned())
}

/// The bytes of standard base64 text (the browser's `atob`).
pub(crate) fn bytes_of(base64: &str) -> Result<Uint8Array, String> {
    let text = leptos::prelude::window()
        .atob(base64)
        .map_err(|_| "not base64".to_owned())?;
    let bytes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    Ok(Uint8Array::from(bytes.as_slice()))
}

/// A DER public key (base64) as PEM, `-----BEGIN PUBLIC KEY-----`, 64 characters a line.
pub(crate) fn pem(der_base64: &str) -> String {
    let mut out = String::from("-----BEGIN PUBLIC KEY-----\n");
    for line in der_base64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str("-----END PUBLIC KEY-----\n");
    out
}
