//! AWS partitions, Regions and KMS endpoints.
//! STUB: the full table lands with the endpoint work.

/// An AWS partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Partition {
    /// `aws`
    Aws,
    /// `aws-cn`
    AwsCn,
    /// `aws-us-gov`
    AwsUsGov,
    /// `aws-iso`
    AwsIso,
    /// `aws-iso-b`
    AwsIsoB,
    /// `aws-iso-e`
    AwsIsoE,
    /// `aws-iso-f`
    AwsIsoF,
    /// `aws-eusc`
    AwsEusc,
}

impl Partition {
    /// The partition's name in ARNs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Aws => "aws",
            Self::AwsCn => "aws-cn",
            Self::AwsUsGov => "aws-us-gov",
            Self::AwsIso => "aws-iso",
            Self::AwsIsoB => "aws-iso-b",
            Self::AwsIsoE => "aws-iso-e",
            Self::AwsIsoF => "aws-iso-f",
            Self::AwsEusc => "aws-eusc",
        }
    }
}

/// Where requests go, and which Region they are signed for.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Endpoint {
    /// The URL requests are POSTed to, ending in `/`.
    pub url: String,
    /// The Region in the signature's credential scope.
    pub signing_region: String,
}

/// What is wrong with an endpoint configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointError {
    message: String,
}

impl std::fmt::Display for EndpointError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EndpointError {}

/// How to reach KMS: by Region (with FIPS / dual-stack variants) or a custom URL.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct EndpointConfig {
    /// The Region, such as `eu-west-1`.
    pub region: String,
    /// Use the FIPS endpoint.
    pub fips: bool,
    /// Use the dual-stack (IPv4 and IPv6) endpoint.
    pub dual_stack: bool,
    /// A custom endpoint URL, such as `http://127.0.0.1:4599` for kms-local.
    pub custom_url: Option<String>,
}

impl EndpointConfig {
    /// Resolves the URL and signing Region.
    pub fn resolve(&self) -> Result<Endpoint, EndpointError> {
        let url = match &self.custom_url {
            Some(url) => {
                let mut url = url.clone();
                if !url.ends_with('/') {
                    url.push('/');
                }
                url
            }
            None => format!("https://kms.{}.amazonaws.com/", self.region),
        };
        Ok(Endpoint {
            url,
            signing_region: self.region.clone(),
        })
    }
}
