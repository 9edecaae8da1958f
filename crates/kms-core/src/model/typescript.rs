//! The npm package's shape types (`crates/kms-wasm/js/shapes.d.ts`) and its timestamp
//! members (`crates/kms-wasm/js/shapes.js`), generated from the `shape!` declarations
//! (which members) and the service model (their types, enum values, whether required,
//! documentation), and checked against the committed files. After changing a shape:
//!
//! ```text
//! KMS_REGENERATE=1 cargo test -p kms-core --lib typescript
//! ```

use super::*;
use crate::ops::{self, Operation};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;

const REGENERATE: &str = "KMS_REGENERATE=1 cargo test -p kms-core --lib typescript";

/// A structure as declared with `shape!`.
#[derive(Clone, Copy)]
struct Declared {
    model_name: &'static str,
    members: &'static [&'static str],
}

trait Declares {
    /// `None` for `EmptyOutput`, which the model has no shape for.
    fn declared() -> Option<Declared>;
}

impl<T: Shape> Declares for T {
    fn declared() -> Option<Declared> {
        Some(Declared {
            model_name: T::MODEL_NAME,
            members: T::MEMBERS,
        })
    }
}

impl Declares for EmptyOutput {
    fn declared() -> Option<Declared> {
        None
    }
}

/// The structures that operations' shapes contain, in the order they are written out.
fn nested() -> Vec<Declared> {
    fn one<T: Shape>() -> Declared {
        T::declared().unwrap()
    }
    vec![
        one::<MultiRegionKey>(),
        one::<MultiRegionConfiguration>(),
        one::<XksKeyConfiguration>(),
        one::<KeyMetadata>(),
        one::<KeyListEntry>(),
        one::<AliasListEntry>(),
        one::<RotationsListEntry>(),
    ]
}

struct Op {
    name: &'static str,
    input: Option<Declared>,
    output: Option<Declared>,
}

fn op<O: Operation>() -> Op
where
    O::Input: Declares,
    O::Output: Declares,
{
    Op {
        name: O::NAME,
        input: O::Input::declared(),
        output: O::Output::declared(),
    }
}

fn operations() -> Vec<Op> {
    let list = vec![
        op::<ops::RotateKeyOnDemand>(),
        op::<ops::GetKeyRotationStatus>(),
        op::<ops::ListKeyRotations>(),
        op::<ops::ListKeys>(),
        op::<ops::DescribeKey>(),
        op::<ops::ListAliases>(),
        op::<ops::EnableKeyRotation>(),
        op::<ops::DisableKeyRotation>(),
    ];
    let names: Vec<&str> = list.iter().map(|op| op.name).collect();
    assert_eq!(
        names,
        ops::OPERATION_NAMES,
        "every operation of ops::OPERATION_NAMES is listed in model/typescript.rs"
    );
    list
}

/// The TypeScript name of a model structure: operation shapes are `<Op>Input` and
/// `<Op>Output`, as the client's methods name them; others keep the model's name.
fn ts_name(model_name: &str) -> String {
    if let Some(op) = model_name.strip_suffix("Request") {
        format!("{op}Input")
    } else if let Some(op) = model_name.strip_suffix("Response") {
        format!("{op}Output")
    } else {
        model_name.to_owned()
    }
}

/// The first sentence of the model's HTML documentation, as plain text.
fn first_sentence(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("*/", "* /");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.find(". ") {
        Some(end) => text[..=end].to_owned(),
        None => text,
    }
}

/// What the generator writes, built up shape by shape.
struct Output<'m> {
    model: &'m Value,
    enums: Vec<String>,
    dates: BTreeSet<String>,
}

impl Output<'_> {
    /// The TypeScript type of a model shape; notes enums and reached structures.
    fn type_of(&mut self, shape: &str, nested: &[Declared]) -> String {
        let definition = &self.model["shapes"][shape];
        match definition["type"].as_str().unwrap_or_default() {
            "string" if definition["enum"].is_array() => {
                if !self.enums.iter().any(|known| known == shape) {
                    self.enums.push(shape.to_owned());
                }
                shape.to_owned()
            }
            "string" => "string".to_owned(),
            "integer" | "long" => "number".to_owned(),
            "boolean" => "boolean".to_owned(),
            "timestamp" => "Date".to_owned(),
            "list" => {
                let item = definition["member"]["shape"].as_str().unwrap();
                format!("{}[]", self.type_of(item, nested))
            }
            "structure" => {
                assert!(
                    nested.iter().any(|declared| declared.model_name == shape),
                    "the model shape {shape} is reached but not declared with shape! and listed in model/typescript.rs"
                );
                ts_name(shape)
            }
            other => {
                panic!("model shape {shape} has type {other:?}, which the generator does not know")
            }
        }
    }

    /// `export interface` for a declared structure, members in declaration order.
    fn interface(
        &mut self,
        declared: Declared,
        doc: Option<String>,
        nested: &[Declared],
    ) -> String {
        let definition = &self.model["shapes"][declared.model_name];
        assert!(
            definition.is_object(),
            "{} is not a shape of the model",
            declared.model_name
        );
        let required: Vec<&str> = definition["required"]
            .as_array()
            .map(|list| list.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut out = String::new();
        let doc = doc.or_else(|| definition["documentation"].as_str().map(first_sentence));
        if let Some(doc) = doc {
            writeln!(out, "/** {doc} */").unwrap();
        }
        writeln!(out, "export interface {} {{", ts_name(declared.model_name)).unwrap();
        for &member in declared.members {
            let spec = &definition["members"][member];
            let shape = spec["shape"].as_str().unwrap_or_else(|| {
                panic!(
                    "{} has no member {member} in the model",
                    declared.model_name
                )
            });
            let ts = self.type_of(shape, nested);
            if ts == "Date" {
                self.dates.insert(member.to_owned());
            }
            let mut docs = Vec::new();
            if let Some(html) = spec["documentation"].as_str() {
                docs.push(first_sentence(html));
            }
            if spec["deprecated"].as_bool() == Some(true) {
                let message = spec["deprecatedMessage"].as_str().unwrap_or_default();
                docs.push(format!("@deprecated {message}").trim_end().to_owned());
            }
            match docs.as_slice() {
                [] => {}
                [one] => writeln!(out, "  /** {one} */").unwrap(),
                many => {
                    writeln!(out, "  /**").unwrap();
                    for line in many {
                        writeln!(out, "   * {line}").unwrap();
                    }
                    writeln!(out, "   */").unwrap();
                }
            }
            let optional = if required.contains(&member) { "" } else { "?" };
            writeln!(out, "  {member}{optional}: {ts};").unwrap();
        }
        out.push_str("}\n");
        out
    }

    /// `export type` for an enum: its known values, open to new ones.
    fn enum_type(&self, shape: &str) -> String {
        let values: Vec<String> = self.model["shapes"][shape]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|value| format!("{:?}", value.as_str().unwrap()))
            .collect();
        let one_line = format!("export type {shape} = Open<{}>;\n", values.join(" | "));
        if one_line.len() <= 100 {
            return one_line;
        }
        let mut out = format!("export type {shape} = Open<\n");
        for value in values {
            writeln!(out, "  | {value}").unwrap();
        }
        out.push_str(">;\n");
        out
    }
}

/// The two generated files: `shapes.d.ts` and `shapes.js`.
fn generate(model: &Value) -> (String, String) {
    let nested = nested();
    let mut output = Output {
        model,
        enums: Vec::new(),
        dates: BTreeSet::new(),
    };
    let mut interfaces = Vec::new();
    for declared in &nested {
        interfaces.push(output.interface(*declared, None, &nested));
    }
    for op in operations() {
        let input = op.input.expect("every operation has an input shape");
        let doc = format!("The input of `{}`.", op.name);
        interfaces.push(output.interface(input, Some(doc), &nested));
        if let Some(declared) = op.output {
            let doc = format!("The output of `{}`.", op.name);
            interfaces.push(output.interface(declared, Some(doc), &nested));
        }
    }
    let header = format!(
        "// Generated from kms-core's shape! declarations (which members) and the KMS service\n\
         // model, service-2.json (types, enum values, required members, documentation) by\n\
         // crates/kms-core/src/model/typescript.rs. Do not edit: run\n\
         //   {REGENERATE}\n"
    );
    let mut types = header.clone();
    types.push_str(
        "//\n\
         // Shapes are those of the KMS API (and of @aws-sdk/client-kms): PascalCase members,\n\
         // `Date` timestamps. Enums are typed as their known values plus `string`, because KMS\n\
         // adds values over time and this package passes unknown ones through.\n\n\
         /** A string union that still accepts values added to KMS later. */\n\
         type Open<T extends string> = T | (string & {});\n\n",
    );
    for shape in &output.enums {
        types.push_str(&output.enum_type(shape));
    }
    for interface in interfaces {
        types.push('\n');
        types.push_str(&interface);
    }
    types.push_str(
        "\n/** Operations that answer with nothing resolve to an empty object. */\n\
         export type EmptyOutput = Record<string, never>;\n",
    );
    let mut dates = header;
    dates.push_str("\n/** Members of KMS shapes that hold timestamps. */\nexport const DATE_MEMBERS = new Set([\n");
    for member in &output.dates {
        writeln!(dates, "  {member:?},").unwrap();
    }
    dates.push_str("]);\n");
    (types, dates)
}

#[test]
fn the_npm_packages_generated_files_are_current() {
    let (types, dates) = generate(&crate::test_data::kms_model());
    let js = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../kms-wasm/js"));
    for (name, made) in [("shapes.d.ts", types), ("shapes.js", dates)] {
        let path = js.join(name);
        if std::env::var_os("KMS_REGENERATE").is_some() {
            std::fs::write(&path, &made).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != made {
            let line = committed
                .lines()
                .zip(made.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| committed.lines().count().min(made.lines().count()));
            panic!(
                "crates/kms-wasm/js/{name} differs from what kms-core's shapes and the KMS model \
                 make now (first at line {}): run `{REGENERATE}` and commit it",
                line + 1
            );
        }
    }
}

#[test]
fn first_sentences_are_plain_text() {
    assert_eq!(
        first_sentence("<p>The <code>KeyId</code> of a <a href=\"x\">key</a>. More.</p>"),
        "The KeyId of a key."
    );
    assert_eq!(first_sentence("<p>One &lt;b&gt;.</p>"), "One <b>.");
}
