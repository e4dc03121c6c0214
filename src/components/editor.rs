//! The Dockerfile editor: a native textarea (undo, selection, IME and screen readers work as everywhere) laid
//! over two layers drawn from the engine — syntax colours from its tokens, and underlines for located problems —
//! with line numbers and a gutter mark per problem that shows its message on hover and on focus.

use leptos::html::Textarea;
use leptos::prelude::*;

use crate::playground::derive::{EditorView, Mark};

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The gutter as HTML: a number per line, and a focusable mark on lines with problems.
fn gutter_html(view: &EditorView) -> String {
    let mut out = String::with_capacity(view.line_count * 24);
    let mut marks = view.marks.iter().peekable();
    for line in 1..=view.line_count as u32 {
        let mut here: Vec<&Mark> = Vec::new();
        while let Some(mark) = marks.peek() {
            if mark.line < line {
                marks.next();
            } else if mark.line == line {
                here.push(marks.next().unwrap_or_else(|| unreachable!()));
            } else {
                break;
            }
        }
        if here.is_empty() {
            out.push_str(&format!("<span class=\"gutter-line\" aria-hidden=\"true\">{line}</span>"));
        } else {
            let worst = ["error", "warning", "info", "style"]
                .into_iter()
                .find(|severity| here.iter().any(|mark| mark.severity == *severity))
                .unwrap_or("info");
            let messages: Vec<String> =
                here.iter().map(|mark| format!("{} {}: {}", mark.severity, mark.code, mark.message)).collect();
            let text = escape(&messages.join("\n"));
            out.push_str(&format!(
                "<span class=\"gutter-line gutter-mark gutter-{worst}\" tabindex=\"0\" role=\"note\" \
                 aria-label=\"Line {line}: {text}\" data-tip=\"{text}\">{line}</span>"
            ));
        }
    }
    out
}

/// The editor. `on_input` receives the new text on every keystroke; `textarea` lets the page replace the text
/// (a preset, a quick fix) without re-rendering the element.
#[component]
pub fn DockerfileEditor(
    initial: String,
    view: Memo<EditorView>,
    textarea: NodeRef<Textarea>,
    #[prop(into)] on_input: Callback<String>,
) -> impl IntoView {
    // Line 0 until the learner puts the caret somewhere: the status then only counts problems.
    let (caret_line, set_caret_line) = signal(0u32);
    let track_caret = move || {
        if let Some(element) = textarea.get() {
            let offset = element.selection_start().ok().flatten().unwrap_or(0) as usize;
            let value = element.value();
            // selectionStart counts UTF-16 units; lines only need newlines before it, which are one unit each.
            let line = value.encode_utf16().take(offset).filter(|unit| *unit == u16::from(b'\n')).count() as u32 + 1;
            set_caret_line.set(line);
        }
    };
    let here = move || {
        let line = caret_line.get();
        view.with(|view| {
            view.marks
                .iter()
                .filter(|mark| mark.line == line)
                .map(|mark| format!("Line {line}: {} {} {}", mark.severity, mark.code, mark.message))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="editor">
            <div class="editor-scroll">
                <div class="editor-gutter" inner_html=move || view.with(gutter_html)></div>
                <div
                    class="editor-stack"
                    style=move || view.with(|view| format!("--cols:{};", view.widest_line.max(20) + 2))
                >
                    <pre
                        class="editor-layer editor-highlight code lang-dockerfile"
                        aria-hidden="true"
                        inner_html=move || view.with(|view| format!("{}\n ", view.highlighted_html))
                    ></pre>
                    <pre
                        class="editor-layer editor-marks"
                        aria-hidden="true"
                        inner_html=move || view.with(|view| format!("{}\n ", view.marks_html))
                    ></pre>
                    <textarea
                        id="playground-dockerfile"
                        class="editor-layer editor-input"
                        aria-label="Dockerfile"
                        aria-describedby="editor-caret-problems"
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        wrap="off"
                        node_ref=textarea
                        prop:value=initial
                        on:input=move |event| {
                            on_input.run(event_target_value(&event));
                            track_caret();
                        }
                        on:keyup=move |_| track_caret()
                        on:click=move |_| track_caret()
                        on:focus=move |_| track_caret()
                    ></textarea>
                </div>
            </div>
            <p id="editor-caret-problems" class="editor-status" aria-live="polite">
                {move || {
                    let messages = here();
                    if messages.is_empty() {
                        view.with(|view| match view.marks.len() {
                            0 => "No problems found.".to_owned(),
                            1 => "1 problem: its line is marked in the gutter.".to_owned(),
                            count => format!("{count} problems: their lines are marked in the gutter."),
                        })
                    } else {
                        messages.join(" · ")
                    }
                }}
            </p>
        </div>
    }
}
