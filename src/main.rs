//! Entry point of the browser app: installs the panic hook and mounts the root component.

mod app;
mod browser;
mod components;
mod content;
mod lazy;
mod pages;
mod playground;
mod progress;
mod quiz_content;
mod route;
mod tables;

fn main() {
    console_error_panic_hook::set_once();
    // `?embed=<panel>` shows one demo without the site's chrome; routing still lives in the fragment.
    match pages::embed_request() {
        Some(request) => leptos::mount::mount_to_body(move || lazy::lazily(lazy::embed(request))),
        None => leptos::mount::mount_to_body(app::App),
    }
    // The page shows a loading note until the app is mounted; once it is, the note has done its job.
    if let Some(boot) =
        web_sys::window().and_then(|window| window.document()).and_then(|document| document.get_element_by_id("boot"))
    {
        boot.remove();
    }
}
