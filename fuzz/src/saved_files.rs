//! Target `saved_files`: the files a user opens in the console — a bulk job
//! (`kms_core::job::BulkJob::from_file`) and a findings policy
//! (`kms_core::findings::Policy::from_file`). Any bytes: either an error in words, or a
//! value that writes back to a file that reads back the same.

use kms_core::findings::Policy;
use kms_core::job::BulkJob;

/// Runs one input.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match BulkJob::from_file(text) {
        Ok(mut job) => {
            let saved_at = job.saved_at;
            let again = job.to_file(saved_at);
            assert_eq!(
                BulkJob::from_file(&again).expect("a job file written reads back"),
                job
            );
        }
        Err(error) => assert!(!error.to_string().is_empty()),
    }
    match Policy::from_file(text) {
        Ok(policy) => {
            assert!(policy.validate().is_ok());
            assert_eq!(
                Policy::from_file(&policy.to_file()).expect("a policy written reads back"),
                policy
            );
        }
        Err(message) => assert!(!message.is_empty()),
    }
}
