//! `KeyIdentifier::parse` and `parse_for_rotation` on any text.
//!
//! Properties: neither panics; whatever parses comes back unchanged from its own
//! `Display` (`parse(&id.to_string()) == id`), and that text is the input less its
//! surrounding whitespace, as the module promises; `parse_for_rotation` accepts exactly
//! what `parse` accepts minus aliases; an ARN's Region always matches itself.

use kms_core::key_id::{check_region_matches, KeyIdErrorKind, KeyIdentifier};

/// Runs one input (bytes that are not UTF-8 are replaced, as a text field would).
pub fn run(data: &[u8]) {
    check(&String::from_utf8_lossy(data));
}

/// Checks every property on `text`.
pub fn check(text: &str) {
    let parsed = KeyIdentifier::parse(text);
    let for_rotation = KeyIdentifier::parse_for_rotation(text);
    let id = match parsed {
        Ok(id) => id,
        Err(error) => {
            assert!(!error.to_string().is_empty(), "empty message for {text:?}");
            assert_eq!(
                for_rotation.map_err(|e| e.kind()),
                Err(error.kind()),
                "parse_for_rotation disagrees with parse on {text:?}"
            );
            return;
        }
    };

    let shown = id.to_string();
    assert_eq!(
        KeyIdentifier::parse(&shown).as_ref(),
        Ok(&id),
        "{text:?} parsed as {id:?}, but its Display {shown:?} does not parse back to it"
    );
    assert_eq!(
        shown,
        text.trim(),
        "Display of {id:?} is not the input as typed (less surrounding whitespace)"
    );

    match for_rotation {
        Ok(rotation) => {
            assert!(!id.is_alias(), "parse_for_rotation accepted alias {text:?}");
            assert_eq!(
                rotation, id,
                "parse_for_rotation parsed {text:?} differently"
            );
        }
        Err(error) => {
            assert!(
                id.is_alias(),
                "parse_for_rotation refused key {text:?}: {error}"
            );
            assert_eq!(error.kind(), KeyIdErrorKind::AliasNotAllowed, "{text:?}");
        }
    }

    assert_eq!(id.is_arn(), id.region().is_some(), "{id:?}");
    assert_eq!(id.is_alias(), id.alias_name().is_some(), "{id:?}");
    assert_eq!(id.is_alias(), id.key_id().is_none(), "{id:?}");
    if let Some(region) = id.region() {
        if let Err(error) = check_region_matches(&id, region) {
            panic!("{id:?} does not match its own Region {region:?}: {error}");
        }
    }
}
