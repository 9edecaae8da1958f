//! The console's entry point: mounts the app on the page body.
#![forbid(unsafe_code)]

fn main() {
    leptos::mount::mount_to_body(kms_console::app::App);
}
