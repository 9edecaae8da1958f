//! The text filter, read in one place: `tag:Key=Value` tokens test a key's tags, the
//! other words its searchable text.
//!
//! - `tag:Env=prod` keeps keys that have the tag `Env` with the value `prod`; `tag:Env`
//!   keeps keys that have the tag `Env`, whatever its value; `tag:Env=` those whose `Env`
//!   is empty. Tag keys and values are case-sensitive, as KMS holds them ("both of which
//!   are case-sensitive strings", `TagResource`). The key ends at the first `=`.
//! - Double quotes keep spaces: `tag:compliance="FIPS 140-3 L3"` or
//!   `"tag:compliance=FIPS 140-3 L3"`.
//! - Several tokens must all hold. The other words, joined by one space, are matched as
//!   before: case-insensitive, anywhere in the row's text.
//! - A key whose tags are not read yet matches no `tag:` token.

use crate::state::KeyRow;

/// One `tag:` token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TagTest {
    /// The tag key, exactly.
    pub(crate) key: String,
    /// The value, exactly; `None`: any value.
    pub(crate) value: Option<String>,
}

/// The filter box's text, read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct TextFilter {
    /// The words that are not `tag:` tokens, lower-cased, joined by one space.
    pub(crate) words: String,
    /// The `tag:` tokens.
    pub(crate) tags: Vec<TagTest>,
}

/// Splits at whitespace outside double quotes, dropping the quotes.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

impl TextFilter {
    /// Reads the filter box's text.
    pub(crate) fn parse(text: &str) -> Self {
        let mut words = Vec::new();
        let mut tags = Vec::new();
        for token in tokens(text) {
            let Some(test) = token.get(..4).filter(|p| p.eq_ignore_ascii_case("tag:")) else {
                words.push(token.to_lowercase());
                continue;
            };
            let rest = &token[test.len()..];
            let (key, value) = match rest.split_once('=') {
                Some((key, value)) => (key, Some(value.to_owned())),
                None => (rest, None),
            };
            // A bare `tag:` (still being typed) tests nothing.
            if !key.is_empty() {
                tags.push(TagTest {
                    key: key.to_owned(),
                    value,
                });
            }
        }
        Self {
            words: words.join(" "),
            tags,
        }
    }

    /// Whether `row` passes.
    pub(crate) fn matches(&self, row: &KeyRow) -> bool {
        (self.words.is_empty() || row.search.contains(&self.words))
            && (self.tags.is_empty()
                || matches!(&row.tags, Some(Ok(tags)) if self.tags.iter().all(|test| {
                    tags.iter().any(|tag| {
                        tag.tag_key == test.key
                            && test.value.as_ref().is_none_or(|v| *v == tag.tag_value)
                    })
                })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kms_core::model::Tag;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn tag(key: &str, value: Option<&str>) -> TagTest {
        TagTest {
            key: key.to_owned(),
            value: value.map(str::to_owned),
        }
    }

    #[wasm_bindgen_test]
    fn reads_tag_tokens_and_keeps_the_other_words() {
        assert_eq!(TextFilter::parse("  "), TextFilter::default());
        let filter = TextFilter::parse("Orders  tag:Env=prod Key tag:team TAG:x=");
        assert_eq!(filter.words, "orders key");
        assert_eq!(
            filter.tags,
            [
                tag("Env", Some("prod")),
                tag("team", None),
                tag("x", Some(""))
            ]
        );
        // Quotes keep spaces; the key ends at the first `=`.
        let filter = TextFilter::parse(r#"tag:compliance="FIPS 140-3 L3" "tag:a=b=c d""#);
        assert_eq!(
            filter.tags,
            [
                tag("compliance", Some("FIPS 140-3 L3")),
                tag("a", Some("b=c d"))
            ]
        );
        assert!(filter.words.is_empty());
        // A bare `tag:` tests nothing; a word that only contains it is a word.
        assert_eq!(TextFilter::parse("tag:"), TextFilter::default());
        assert_eq!(TextFilter::parse("hashtag:x").words, "hashtag:x");
    }

    #[wasm_bindgen_test]
    fn tag_tokens_match_exactly_and_together() {
        let mut row = KeyRow::new("k1".to_owned(), None);
        row.aliases.push("alias/orders".to_owned());
        row.refresh_search();
        let passes = |row: &KeyRow, text: &str| TextFilter::parse(text).matches(row);
        // Unread tags match no tag token, and the words still work.
        assert!(!passes(&row, "tag:env"));
        assert!(passes(&row, "ORDERS"));
        row.tags = Some(Ok(vec![
            Tag {
                tag_key: "env".to_owned(),
                tag_value: "prod".to_owned(),
            },
            Tag {
                tag_key: "team".to_owned(),
                tag_value: "orders".to_owned(),
            },
        ]));
        assert!(passes(&row, "tag:env=prod"));
        assert!(passes(&row, "tag:env"));
        assert!(passes(&row, "tag:env=prod tag:team=orders alias/ord"));
        assert!(!passes(&row, "tag:env=Prod"), "values are case-sensitive");
        assert!(!passes(&row, "tag:Env=prod"), "keys are case-sensitive");
        assert!(!passes(&row, "tag:env=prod tag:team=payments"));
        assert!(!passes(&row, "tag:env=prod payments"));
        assert!(!passes(&row, "tag:env="));
        row.tags = Some(Err("AccessDeniedException".to_owned()));
        assert!(!passes(&row, "tag:env"));
    }
}
