//! Transport over fetch and Clock over JS Date for kms-core. (Lands with the npm package work.)
#![forbid(unsafe_code)]
