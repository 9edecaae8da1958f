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
        one::<Tag>(),
        one::<KeyLastUsage>(),
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

macro_rules! every_op {
    ($($op:ident)+) => { vec![$(op::<ops::$op>()),+] };
}

fn operations() -> Vec<Op> {
    crate::with_operations!(every_op)
}

/// What the client's method says beyond the model's first sentence.
fn method_note(operation: &str) -> Option<&'static str> {
    Some(match operation {
        "RotateKeyOnDemand" => "Not idempotent: spends one of 25 on-demand rotations. Reads the key's rotation status and history first: a key already rotating is refused with {@link KmsInputError} (`field: \"KeyId\"`), nothing sent. Resolves once KMS accepted the rotation (it completes within minutes: {@link KmsClient.waitForRotation}). After an ambiguous failure (5xx, lost connection) it never resends: it reads the key again and resolves if a new rotation shows, else rejects with {@link KmsRotationUnconfirmedError}. Any other error: not carried out.",
        "ListKeys" => "One page; see {@link KmsClient.keys} for all.",
        "ListAliases" => "One page; see {@link KmsClient.aliases} for all.",
        "ListKeyRotations" => "One page; see {@link KmsClient.keyRotations} for all.",
        "ImportKeyMaterial" => "Not resent after an ambiguous failure (5xx, lost connection): read the key's material with {@link KmsClient.keyRotations} (`IncludeKeyMaterial: \"ALL_KEY_MATERIAL\"`) to see whether it arrived.",
        _ => return None,
    })
}

/// `camelCase` of an operation name: its method on `KmsClient`.
fn method_name(operation: &str) -> String {
    let mut chars = operation.chars();
    let first = chars.next().map(|c| c.to_ascii_lowercase());
    first.into_iter().chain(chars).collect()
}

/// Words wrapped into lines of a JSDoc block at most 96 characters wide.
fn doc_block(out: &mut String, indent: &str, text: &str) {
    writeln!(out, "{indent}/**").unwrap();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && indent.len() + 3 + line.len() + 1 + word.len() > 96 {
            writeln!(out, "{indent} * {line}").unwrap();
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    writeln!(out, "{indent} * {line}").unwrap();
    writeln!(out, "{indent} */").unwrap();
}

/// `interface KmsOperations`: one method per operation, which `KmsClient` has.
fn operations_interface(model: &Value, ops: &[Op]) -> String {
    let mut out = String::from(
        "/** The KMS operations, a method each on {@link KmsClient}: one request, its output. */\n\
         export interface KmsOperations {\n",
    );
    for op in ops {
        let input = op.input.expect("every operation has an input shape");
        let required = model["shapes"][input.model_name]["required"]
            .as_array()
            .is_some_and(|list| !list.is_empty());
        let output = op
            .output
            .map_or_else(|| "EmptyOutput".to_owned(), |o| ts_name(o.model_name));
        let doc = model["operations"][op.name]["documentation"]
            .as_str()
            .map(first_sentence)
            .unwrap_or_default();
        let doc = match method_note(op.name) {
            Some(note) => format!("`{}`: {doc} {note}", op.name),
            None => format!("`{}`: {doc}", op.name),
        };
        doc_block(&mut out, "  ", &doc);
        writeln!(
            out,
            "  {}(input{}: {}): Promise<{output}>;",
            method_name(op.name),
            if required { "" } else { "?" },
            ts_name(input.model_name),
        )
        .unwrap();
    }
    out.push_str("}\n");
    out
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
    blobs: BTreeSet<String>,
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
            "blob" => "Uint8Array".to_owned(),
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
            match ts.as_str() {
                "Date" => _ = self.dates.insert(member.to_owned()),
                "Uint8Array" => _ = self.blobs.insert(member.to_owned()),
                _ => {}
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
        blobs: BTreeSet::new(),
    };
    let mut interfaces = Vec::new();
    for declared in &nested {
        interfaces.push(output.interface(*declared, None, &nested));
    }
    let ops = operations();
    for op in &ops {
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
         // `Date` timestamps, `Uint8Array` binary members. Enums are typed as their known values plus `string`, because KMS\n\
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
         export type EmptyOutput = Record<string, never>;\n\n",
    );
    types.push_str(&operations_interface(model, &ops));
    let mut dates = header;
    dates.push_str("\n/** Members of KMS shapes that hold timestamps. */\nexport const DATE_MEMBERS = new Set([\n");
    for member in &output.dates {
        writeln!(dates, "  {member:?},").unwrap();
    }
    dates.push_str("]);\n");
    dates.push_str("\n/** Members of KMS shapes that hold bytes (base64 on the wire). */\nexport const BLOB_MEMBERS = new Set([\n");
    for member in &output.blobs {
        writeln!(dates, "  {member:?},").unwrap();
    }
    dates.push_str("]);\n");
    dates.push_str(
        "\n/** Every operation, a method each on KmsClient. */\nexport const OPERATIONS = [\n",
    );
    for op in &ops {
        writeln!(dates, "  {:?},", op.name).unwrap();
    }
    dates.push_str("];\n");
    dates.push_str(
        "\n/** Each partition's Regions (kms-core's `Partition::regions`). */\nexport const PARTITION_REGIONS = {\n",
    );
    for partition in crate::partition::Partition::ALL {
        let regions: Vec<String> = partition
            .regions()
            .iter()
            .map(|r| format!("{r:?}"))
            .collect();
        writeln!(
            dates,
            "  {:?}: [{}],",
            partition.as_str(),
            regions.join(", ")
        )
        .unwrap();
    }
    dates.push_str("};\n");
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
