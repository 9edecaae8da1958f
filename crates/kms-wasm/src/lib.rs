//! The kms-rotate npm package. (Lands with the npm package work.)
#![forbid(unsafe_code)]
