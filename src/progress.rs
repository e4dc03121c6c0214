//! The learner's progress in the browser: one versioned JSON document in `localStorage`, shared with every
//! quiz through context.
//!
//! Storage is allowed to fail. A blocked store (a sandboxed iframe, privacy settings) leaves the progress in
//! memory for the life of the tab; an unreadable document starts again; a failed write switches to memory. Each
//! case sets a notice the quizzes page shows, and none of them stops a quiz from working. The schema and its
//! reading live in `dockerlab_course::progress`.

use dockerlab_course::progress::{self, Progress};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The one key the whole progress document is stored under. The document carries its own schema version.
pub const STORAGE_KEY: &str = "dockerlab.progress";

/// A handle to the progress, cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct ProgressStore {
    pub progress: RwSignal<Progress>,
    /// What the learner should know about storage, if anything.
    pub notice: RwSignal<Option<String>>,
    /// Whether writes go to `localStorage` (false: memory only).
    pub persistent: RwSignal<bool>,
}

fn storage() -> Result<web_sys::Storage, ()> {
    let window = web_sys::window().ok_or(())?;
    // Reading `localStorage` itself throws in a sandboxed iframe; `Ok(None)` means the browser has none.
    window.local_storage().map_err(|_| ())?.ok_or(())
}

const BLOCKED: &str = "This browser does not let the page store data here, so your progress is kept only until \
                       this tab closes. Export it to keep it.";

/// Reads the stored progress and puts the store in context. Called once by the app shell.
pub fn provide_progress() {
    let (initial, notice, persistent) = match storage() {
        Err(()) => (Progress::default(), Some(BLOCKED.to_owned()), false),
        Ok(storage) => match storage.get_item(STORAGE_KEY) {
            Err(_) => (Progress::default(), Some(BLOCKED.to_owned()), false),
            Ok(text) => {
                let (progress, loaded) = progress::load(text.as_deref());
                (progress, loaded.notice(), true)
            }
        },
    };
    let store = ProgressStore {
        progress: RwSignal::new(initial),
        notice: RwSignal::new(notice),
        persistent: RwSignal::new(persistent),
    };
    provide_context(store);
}

/// The store the shell provided.
pub fn use_progress() -> ProgressStore {
    expect_context::<ProgressStore>()
}

impl ProgressStore {
    /// Changes the progress and writes it.
    pub fn update(&self, change: impl FnOnce(&mut Progress)) {
        self.progress.update(change);
        self.save();
    }

    fn save(&self) {
        if !self.persistent.get_untracked() {
            return;
        }
        let json = self.progress.with_untracked(Progress::to_json);
        if storage().and_then(|storage| storage.set_item(STORAGE_KEY, &json).map_err(|_| ())).is_err() {
            self.persistent.set(false);
            self.notice.set(Some(
                "Your progress could not be saved (the browser's storage is full or blocked), so from now on it is \
                 kept only until this tab closes. Export it to keep it."
                    .to_owned(),
            ));
        }
    }

    /// Starts again from empty.
    pub fn reset(&self) {
        self.progress.set(Progress::default());
        self.save();
        self.notice.set(Some("Your progress was reset.".to_owned()));
    }

    /// Replaces the progress with an imported document; a bad file changes nothing.
    pub fn import(&self, text: &str) {
        match progress::import(text) {
            Ok(imported) => {
                self.progress.set(imported);
                self.save();
                self.notice.set(Some("Progress imported.".to_owned()));
            }
            Err(reason) => {
                self.notice.set(Some(format!("That file could not be imported ({reason}); nothing was changed.")))
            }
        }
    }

    /// Downloads the progress as a JSON file through a Blob URL.
    pub fn export(&self) {
        let json = self.progress.with_untracked(Progress::to_json);
        let result = (|| -> Option<()> {
            let parts = js_sys::Array::of1(&json.into());
            let options = web_sys::BlobPropertyBag::new();
            options.set_type("application/json");
            let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
            let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
            let document = web_sys::window()?.document()?;
            let anchor: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
            anchor.set_href(&url);
            anchor.set_download("dockerlab-progress.json");
            anchor.click();
            web_sys::Url::revoke_object_url(&url).ok()
        })();
        if result.is_none() {
            self.notice.set(Some("The export could not be started in this browser.".to_owned()));
        }
    }
}

/// Today as a day number for the review schedule.
pub fn today() -> i64 {
    dockerlab_course::schedule::day_of(js_sys::Date::now())
}

/// Export, import and reset, with the storage notice.
#[component]
pub fn ProgressTools() -> impl IntoView {
    let store = use_progress();
    let on_import = move |event: leptos::ev::Event| {
        let Some(input) = event.target().and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        input.set_value("");
        wasm_bindgen_futures::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|text| text.as_string()) {
                Some(text) => store.import(&text),
                None => store.notice.set(Some("That file could not be read.".to_owned())),
            }
        });
    };
    let on_reset = move |_| {
        let confirmed = web_sys::window()
            .and_then(|window| window.confirm_with_message("Erase all your quiz progress on this device?").ok())
            .unwrap_or(false);
        if confirmed {
            store.reset();
        }
    };
    view! {
        <section class="progress-tools" aria-label="Your progress">
            {move || store.notice.get().map(|notice| view! { <p class="notice notice-info" role="status">{notice}</p> })}
            <div class="progress-actions">
                <span class="progress-where">
                    {move || if store.persistent.get() { "Progress is saved in this browser." } else { "Progress is kept in memory only." }}
                </span>
                <button type="button" class="button-quiet" on:click=move |_| store.export()>"Export progress"</button>
                <label class="button-quiet file-button">
                    "Import progress"
                    <input type="file" accept="application/json,.json" class="visually-hidden" on:change=on_import />
                </label>
                <button type="button" class="button-quiet" on:click=on_reset>"Reset progress"</button>
            </div>
        </section>
    }
}
