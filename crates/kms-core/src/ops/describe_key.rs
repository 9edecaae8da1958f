use super::{any_key, Operation};
use crate::error::{Error, InputError, ResponseError};
use crate::key_id::KeyIdentifier;
use crate::model::{DescribeKeyInput, DescribeKeyOutput, KeyMetadata};

/// `DescribeKey`: a key's metadata, by key ID, key ARN, alias name or alias ARN.
#[derive(Debug)]
pub struct DescribeKey;

impl Operation for DescribeKey {
    const NAME: &'static str = "DescribeKey";
    type Input = DescribeKeyInput;
    type Output = DescribeKeyOutput;

    fn validate(input: &Self::Input) -> Result<Option<KeyIdentifier>, InputError> {
        any_key(&input.key_id)
    }
}

/// The metadata in a `DescribeKey` answer; one without it is a response error.
pub fn key_metadata(output: DescribeKeyOutput) -> Result<KeyMetadata, Error> {
    output.key_metadata.ok_or_else(|| {
        Error::Response(ResponseError {
            http_status: 200,
            request_id: None,
            problem: "DescribeKey answered without KeyMetadata".into(),
            body_excerpt: String::new(),
            unreadable: false,
        })
    })
}
