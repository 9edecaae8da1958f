//! STS's XML: responses in the STS namespace and the Query protocol's error document,
//! written by hand (a handful of fixed elements; every value escaped).
//!
//! The shapes are those of the STS API Reference's examples
//! (<https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html#API_AssumeRole_Examples>,
//! <https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html#API_GetCallerIdentity_Examples>)
//! and of the error responses of the Query protocol
//! (<https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html>;
//! botocore's `QueryParser` reads `ErrorResponse/Error/Code` and `Message`).
//!
//! ```
//! use kms_local::sts::xml::Element;
//! let doc = Element::new("Account").text("1<2&3").to_string();
//! assert_eq!(doc, "<Account>1&lt;2&amp;3</Account>");
//! ```

use std::fmt;

/// The STS XML namespace (`xmlNamespace` in the STS model).
pub const NAMESPACE: &str = "https://sts.amazonaws.com/doc/2011-06-15/";

/// `value` escaped for XML text: `&`, `<` and `>` as entities (quotes stay as they are,
/// as in AWS's messages: text is never inside an attribute here). Characters XML 1.0
/// cannot carry at all (control characters other than tab, newline and carriage return)
/// become U+FFFD, so a value can never break the document.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// An element: a name, an optional namespace, and text or children.
#[derive(Clone, Debug)]
pub struct Element {
    name: &'static str,
    xmlns: Option<&'static str>,
    content: Content,
}

#[derive(Clone, Debug)]
enum Content {
    Text(String),
    Children(Vec<Element>),
}

impl Element {
    /// An empty element named `name`.
    pub fn new(name: &'static str) -> Self {
        Self {
            name,
            xmlns: None,
            content: Content::Children(Vec::new()),
        }
    }

    /// With the STS namespace (for the document's root).
    pub fn in_sts_namespace(mut self) -> Self {
        self.xmlns = Some(NAMESPACE);
        self
    }

    /// With text (escaped when written).
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.content = Content::Text(text.into());
        self
    }

    /// With `child` added after the children so far.
    pub fn child(mut self, child: Element) -> Self {
        match &mut self.content {
            Content::Children(children) => children.push(child),
            Content::Text(_) => self.content = Content::Children(vec![child]),
        }
        self
    }

    /// A child element with text.
    pub fn leaf(self, name: &'static str, text: impl Into<String>) -> Self {
        self.child(Element::new(name).text(text))
    }
}

impl fmt::Display for Element {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{}", self.name)?;
        if let Some(ns) = self.xmlns {
            // A constant without quotes or markup.
            write!(f, " xmlns=\"{ns}\"")?;
        }
        f.write_str(">")?;
        match &self.content {
            Content::Text(text) => f.write_str(&escape(text))?,
            Content::Children(children) => {
                for child in children {
                    write!(f, "{child}")?;
                }
            }
        }
        write!(f, "</{}>", self.name)
    }
}

/// A whole response document: `<{Action}Response xmlns=…><{Action}Result>…</…Result>
/// <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></…Response>`.
pub fn response(response_name: &'static str, result: Element, request_id: &str) -> String {
    let doc = Element::new(response_name)
        .in_sts_namespace()
        .child(result)
        .child(Element::new("ResponseMetadata").leaf("RequestId", request_id));
    format!("{doc}\n")
}

/// The Query protocol's error document: `<ErrorResponse xmlns=…><Error><Type>Sender|Receiver
/// </Type><Code>…</Code><Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>`.
pub fn error(sender: bool, code: &str, message: &str, request_id: &str) -> String {
    let doc = Element::new("ErrorResponse")
        .in_sts_namespace()
        .child(
            Element::new("Error")
                .leaf("Type", if sender { "Sender" } else { "Receiver" })
                .leaf("Code", code)
                .leaf("Message", message),
        )
        .leaf("RequestId", request_id);
    format!("{doc}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_is_escaped() {
        assert_eq!(
            escape("a&b<c>d\"e'f\u{0}g\th"),
            "a&amp;b&lt;c&gt;d\"e'f\u{fffd}g\th"
        );
        let doc = error(true, "AccessDenied", "User: <x> & 'y'", "r-1");
        assert_eq!(
            doc,
            "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: &lt;x&gt; &amp; 'y'</Message></Error><RequestId>r-1</RequestId></ErrorResponse>\n"
        );
    }

    #[test]
    fn a_response_has_its_result_and_request_id() {
        let doc = response(
            "GetCallerIdentityResponse",
            Element::new("GetCallerIdentityResult").leaf("Account", "111122223333"),
            "r-2",
        );
        assert_eq!(
            doc,
            "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult><Account>111122223333</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></GetCallerIdentityResponse>\n"
        );
    }
}
