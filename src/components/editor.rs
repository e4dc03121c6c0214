//! The Dockerfile editor: a native textarea (undo, selection, IME and screen readers work as everywhere) laid
//! over two layers drawn from the engine — syntax colours from its tokens, and underlines for located problems —
//! with line numbers and a gutter mark per problem that shows its message on hover and on focus.

use leptos::html::{Div, Textarea};
use leptos::prelude::*;

use crate::playground::derive::{MarksView, TextView};
use crate::playground::lines::{changed_range, gutter_lines};

/// Brings `container`'s children from `shown` to `lines`, one element per line, replacing only the lines between
/// the equal start and the equal end, so a keystroke re-lays out the line it changed rather than the whole file.
fn patch_lines(container: &web_sys::Element, shown: &mut Vec<String>, lines: &[String]) {
    let (start, old_end, new_end) = changed_range(shown, lines);
    let in_step = container.child_element_count() as usize == shown.len();
    if !in_step || (start == 0 && old_end == shown.len()) {
        // Nothing in common (the first draw, a preset), or the element was changed behind our back.
        if shown.as_slice() != lines {
            container.set_inner_html(&lines.concat());
        }
        shown.clear();
        shown.extend_from_slice(lines);
        return;
    }
    let children = container.children();
    let replaced = (old_end - start).min(new_end - start);
    for (index, line) in lines.iter().enumerate().skip(start).take(replaced) {
        if let Some(child) = children.item(index as u32) {
            child.set_outer_html(line);
        }
    }
    let at = start + replaced;
    for _ in at..old_end {
        if let Some(child) = children.item(at as u32) {
            child.remove();
        }
    }
    if new_end > at {
        let added = lines[at..new_end].concat();
        let done = match children.item(at as u32) {
            Some(next) => next.insert_adjacent_html("beforebegin", &added),
            None => container.insert_adjacent_html("beforeend", &added),
        };
        if done.is_err() {
            container.set_inner_html(&lines.concat());
        }
    }
    shown.splice(start..old_end, lines[start..new_end].iter().cloned());
}

/// Keeps `container`'s lines equal to the ones `pick` takes from `view`, patching after each change.
fn follow_lines<T: Send + Sync + 'static>(view: Memo<T>, container: NodeRef<Div>, pick: fn(&T) -> &Vec<String>) {
    let shown = StoredValue::new(Vec::<String>::new());
    Effect::new(move |_| {
        let Some(element) = container.get() else { return };
        view.with(|view| shown.update_value(|shown| patch_lines(&element, shown, pick(view))));
    });
}

/// The editor. `on_input` receives the new text on every keystroke; `textarea` lets the page replace the text
/// (a preset, a quick fix) without re-rendering the element. `text` follows the textarea at each keystroke;
/// `marks` follow the analysis, which may be a frame behind it.
#[component]
pub fn DockerfileEditor(
    initial: String,
    text: Memo<TextView>,
    marks: Memo<MarksView>,
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
        marks.with(|marks| {
            marks
                .marks
                .iter()
                .filter(|mark| mark.line == line)
                .map(|mark| format!("Line {line}: {} {} {}", mark.severity, mark.code, mark.message))
                .collect::<Vec<_>>()
        })
    };
    // The width follows the longest line in steps of 16 columns, so typing at the end of the longest line changes
    // it (and lays out every line again) once in 16 keystrokes rather than at each one.
    let columns = Memo::new(move |_| text.with(|text| (text.widest_line.max(20) + 2).div_ceil(16) * 16));
    // The numbers follow the text at once; a mark stays on its line until the analysis catches up.
    let line_count = Memo::new(move |_| text.with(|text| text.line_count));
    let gutter_view = Memo::new(move |_| {
        let count = line_count.get();
        marks.with(|marks| gutter_lines(count, &marks.marks))
    });
    let gutter = NodeRef::<Div>::new();
    let highlight = NodeRef::<Div>::new();
    let marks_layer = NodeRef::<Div>::new();
    follow_lines(gutter_view, gutter, |lines| lines);
    follow_lines(text, highlight, |text| &text.highlighted_lines);
    follow_lines(marks, marks_layer, |marks| &marks.marks_lines);
    view! {
        <div class="editor">
            <div class="editor-scroll">
                <div class="editor-gutter" node_ref=gutter></div>
                <div
                    class="editor-stack"
                    style:min-width=move || format!("calc({}ch + 2rem)", columns.get())
                >
                    <div
                        class="editor-layer editor-lines editor-highlight lang-dockerfile"
                        aria-hidden="true"
                        node_ref=highlight
                    ></div>
                    <div class="editor-layer editor-lines editor-marks" aria-hidden="true" node_ref=marks_layer></div>
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
                        marks.with(|marks| match marks.marks.len() {
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
