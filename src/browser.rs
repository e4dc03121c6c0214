//! The few places the app talks to the browser: storage, the address bar, timing, themes, the page that embeds
//! it and the offline copy. Every call is guarded, so a blocked storage or a missing parent never breaks the page.

use wasm_bindgen::JsValue;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Reads `key` from local storage; `None` when absent or when storage is blocked (a `SecurityError`).
pub fn storage_get(key: &str) -> Option<String> {
    window()?.local_storage().ok()??.get_item(key).ok()?
}

/// Writes `key` to local storage, silently doing nothing when storage is blocked or full.
pub fn storage_set(key: &str, value: &str) {
    if let Some(storage) = window().and_then(|window| window.local_storage().ok().flatten()) {
        let _ = storage.set_item(key, value);
    }
}

/// `location.search` and `location.hash`, empty when unavailable.
pub fn location_parts() -> (String, String) {
    let Some(location) = window().map(|window| window.location()) else {
        return (String::new(), String::new());
    };
    (location.search().unwrap_or_default(), location.hash().unwrap_or_default())
}

/// The page's address without query or fragment.
pub fn base_url() -> String {
    window()
        .map(|window| window.location())
        .map(|location| format!("{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default()))
        .unwrap_or_default()
}

/// Replaces the fragment without a new history entry or a `hashchange` event.
pub fn replace_fragment(fragment: &str) {
    if let Some(window) = window() {
        let search = window.location().search().unwrap_or_default();
        let url = format!("{}{search}{fragment}", base_url());
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }
}

/// Milliseconds from the performance clock.
pub fn now() -> f64 {
    window().and_then(|window| window.performance()).map(|performance| performance.now()).unwrap_or(0.0)
}

/// Runs `task` once, in a task of its own after the next frame is painted, so work that can wait a frame does
/// not delay what the learner just did from reaching the screen. Animation frames stop in a hidden page and are
/// throttled in an off-screen frame, so `task` also runs after [`AFTER_PAINT_AT_MOST`] if no frame came first.
pub fn after_next_paint(task: impl FnOnce() + 'static) {
    use leptos::leptos_dom::helpers::{request_animation_frame, set_timeout};
    use std::cell::Cell;
    use std::rc::Rc;
    let task = Rc::new(Cell::new(Some(task)));
    let after_frame = Rc::clone(&task);
    // A timeout set during the frame's callbacks runs once the frame has been produced.
    request_animation_frame(move || {
        set_timeout(move || after_frame.take().into_iter().for_each(|task| task()), std::time::Duration::ZERO)
    });
    set_timeout(move || task.take().into_iter().for_each(|task| task()), AFTER_PAINT_AT_MOST);
}

/// How long [`after_next_paint`] waits for a frame.
pub const AFTER_PAINT_AT_MOST: std::time::Duration = std::time::Duration::from_millis(100);

/// Appends one recompute time (ms) to `window.__dockerlabTimings`, which the end-to-end tests read.
pub fn record_timing(milliseconds: f64) {
    let Some(window) = window() else { return };
    let key = JsValue::from_str("__dockerlabTimings");
    let list = js_sys::Reflect::get(&window, &key).ok().filter(|value| value.is_object());
    let list = match list {
        Some(list) => {
            use wasm_bindgen::JsCast;
            // `Array::from` would copy (it is `Array.from`); the tests read the very array they installed.
            match list.dyn_into::<js_sys::Array>() {
                Ok(list) => list,
                Err(_) => return,
            }
        }
        None => {
            let list = js_sys::Array::new();
            let _ = js_sys::Reflect::set(&window, &key, &list);
            list
        }
    };
    // Bounded, so a long session does not grow it without end.
    if list.length() < 10_000 {
        list.push(&JsValue::from_f64(milliseconds));
    }
}

/// Forces a theme (`light` or `dark`) on the document; `auto` or anything else follows the system.
pub fn set_theme(theme: &str) {
    let Some(root) = window().and_then(|window| window.document()).and_then(|document| document.document_element())
    else {
        return;
    };
    match theme {
        "light" | "dark" => {
            let _ = root.set_attribute("data-theme", theme);
        }
        _ => {
            let _ = root.remove_attribute("data-theme");
        }
    }
}

/// Copies text to the clipboard when the browser allows it.
pub fn copy_text(text: &str) {
    if let Some(window) = window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}

/// Tells the embedding page the document's height, as `{type: "dockerlab:height", height}`, whenever it
/// changes. Does nothing outside an iframe.
pub fn report_height_to_parent() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let Some(window) = window() else { return };
    let Ok(Some(parent)) = window.parent() else { return };
    if js_sys::Object::is(&parent, &window) {
        return;
    }
    let Some(body) = window.document().and_then(|document| document.body()) else { return };
    let send = move || {
        let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
        let height = document.document_element().map(|root| root.scroll_height()).unwrap_or(0);
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"dockerlab:height".into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &JsValue::from_f64(f64::from(height)));
        let _ = parent.post_message(&message, "*");
    };
    send();
    let callback = Closure::<dyn FnMut()>::new(send);
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(&body);
    }
    // The observer lives as long as the page.
    callback.forget();
}

/// The window event `assets/offline.js` dispatches once the service worker holds every file of the site.
pub const OFFLINE_READY_EVENT: &str = "dockerlab:offline-ready";

/// Whether the site is already stored for offline use: `assets/offline.js` marks `<html data-offline="ready">`,
/// possibly before the app mounts, and then dispatches [`OFFLINE_READY_EVENT`].
pub fn offline_ready() -> bool {
    window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
        .and_then(|root| root.get_attribute("data-offline"))
        .is_some_and(|state| state == "ready")
}
