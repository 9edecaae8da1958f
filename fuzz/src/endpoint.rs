//! `partition::EndpointConfig::resolve` on any Region, variant flags and custom URL, and
//! signing a request for whatever it resolves.
//!
//! The input is text: the Region on the first line, the flags on the second (`f` for
//! FIPS, `d` for dual-stack, anything else ignored), and, when there is a third line, the
//! custom URL (the rest of the text). So a seed reads as what a user types.
//!
//! Properties: resolving never panics; a resolved URL is `http(s)://...` ending in `/`,
//! signed for the Region as typed less whitespace; resolving a resolved URL as a custom
//! URL gives it back unchanged; and a request to any URL that resolves can be signed
//! (the endpoint check and the signer agree on what a valid URL is).

use kms_core::credentials::Credentials;
use kms_core::partition::EndpointConfig;
use kms_core::request::build_request;
use kms_core::time::Timestamp;

/// Runs one input (bytes that are not UTF-8 are replaced, as a text field would).
pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.splitn(3, '\n');
    let region = lines.next().unwrap_or_default();
    let flags = lines.next().unwrap_or_default();
    let config = EndpointConfig {
        region: region.to_owned(),
        fips: flags.contains('f'),
        dual_stack: flags.contains('d'),
        custom_url: lines.next().map(str::to_owned),
    };
    check(&config);
}

/// Checks every property on `config`.
pub fn check(config: &EndpointConfig) {
    let endpoint = match config.resolve() {
        Ok(endpoint) => endpoint,
        Err(error) => {
            assert!(
                !error.to_string().is_empty(),
                "empty message for {config:?}"
            );
            return;
        }
    };
    let url = &endpoint.url;
    assert!(
        (url.starts_with("https://") || url.starts_with("http://")) && url.ends_with('/'),
        "{config:?} resolved to {url:?}"
    );
    assert_eq!(endpoint.signing_region, config.region.trim(), "{config:?}");

    let again = EndpointConfig::new(config.region.clone())
        .with_custom_url(url.clone())
        .resolve();
    match again {
        Ok(again) => assert_eq!(&again.url, url, "{url:?} is not stable as a custom URL"),
        Err(error) => panic!("{config:?} resolved to {url:?}, which is refused: {error}"),
    }

    let credentials = Credentials::new("AKIAIOSFODNN7EXAMPLE", "secret", None, None);
    let time = Timestamp::from_epoch_seconds(1_767_225_600);
    if let Err(error) = build_request(
        "ListKeys",
        b"{}".to_vec(),
        &endpoint,
        &credentials,
        time,
        None,
    ) {
        panic!("{config:?} resolved to {url:?}, which cannot be signed: {error}");
    }
}
