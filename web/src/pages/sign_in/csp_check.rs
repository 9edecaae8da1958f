//! An endpoint the page's Content-Security-Policy blocks is refused at sign-in, with how
//! to allow it ([`crate::csp`]), rather than failing later as a bare "failed to fetch".

use crate::csp;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The policies of the page's `<meta http-equiv="Content-Security-Policy">` tags.
fn page_policies() -> Vec<String> {
    let Ok(metas) =
        document().query_selector_all(r#"meta[http-equiv="Content-Security-Policy" i]"#)
    else {
        return Vec::new();
    };
    (0..metas.length())
        .filter_map(|i| metas.item(i)?.dyn_into::<web_sys::Element>().ok())
        .filter_map(|meta| meta.get_attribute("content"))
        .collect()
}

/// Why the page's Content-Security-Policy would block every request to `url` (which
/// the browser would only report as a failed fetch), if it would. No policy: `None`.
pub(super) fn csp_problem(url: &str) -> Option<String> {
    let target = csp::Target::parse(url)?;
    let page = window()
        .location()
        .origin()
        .ok()
        .and_then(|origin| csp::Target::parse(&origin));
    if csp::policies_allow(&page_policies(), &target, page.as_ref()) {
        return None;
    }
    let origin = target.origin();
    Some(if target.host_expressible() {
        format!(
            "This console's Content-Security-Policy does not allow connections to {origin}. Rebuild it with KMS_CONSOLE_CONNECT_SRC='{origin}' (see web/README.md)."
        )
    } else {
        format!(
            "This console's Content-Security-Policy does not allow connections to {origin}, and no policy can name that host: browsers accept only letters, digits, '-' and '.' there (no IPv6 address, no '_'). Reach the endpoint by a host name instead (for kms-local, http://localhost or http://127.0.0.1 with its port); if that name is not loopback, rebuild the console with KMS_CONSOLE_CONNECT_SRC set to its origin (see web/README.md)."
        )
    })
}
