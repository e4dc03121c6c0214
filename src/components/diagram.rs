//! The container-vs-VM diagram: two stacks drawn in HTML, with toggles that point out what each shares.

use dockerlab_course::blocks::{DiagramBlock, DiagramKind};
use leptos::prelude::*;

/// What the diagram highlights.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Focus {
    Nothing,
    Kernels,
    Isolation,
}

#[component]
pub fn DiagramBlockView(block: DiagramBlock) -> impl IntoView {
    match block.kind {
        DiagramKind::ContainerVsVm => view! { <ContainerVsVm /> },
    }
}

#[component]
fn ContainerVsVm() -> impl IntoView {
    let (focus, set_focus) = signal(Focus::Nothing);
    let apps = ["fraud-model API", "feature job", "notebook"];
    let button = move |target: Focus, label: &'static str| {
        view! {
            <button
                type="button"
                class="button-toggle"
                aria-pressed=move || if focus.get() == target { "true" } else { "false" }
                on:click=move |_| set_focus.set(if focus.get() == target { Focus::Nothing } else { target })
            >
                {label}
            </button>
        }
    };
    let caption = move || match focus.get() {
        Focus::Nothing => "Pick a highlight to compare the two stacks.",
        Focus::Kernels => {
            "Kernels: the three containers make system calls to one shared host kernel; each virtual machine \
             boots a kernel of its own on top of the hypervisor."
        }
        Focus::Isolation => {
            "Isolation boundaries: a container is fenced off by namespaces (what it can see) and cgroups (what it \
             can use); a virtual machine is fenced off by virtual hardware."
        }
    };
    view! {
        <section class="block block-diagram" data-block="diagram" aria-label="Containers compared with virtual machines">
            <p class="block-kind">"Diagram"</p>
            <h3 class="block-title">"Three workloads, two ways"</h3>
            <div class="diagram-controls" role="group" aria-label="Highlight">
                {button(Focus::Kernels, "Highlight kernels")}
                {button(Focus::Isolation, "Highlight isolation")}
            </div>
            <div class="diagram" class:focus-kernels=move || focus.get() == Focus::Kernels class:focus-isolation=move || focus.get() == Focus::Isolation>
                <figure class="stack">
                    <figcaption>"Containers"</figcaption>
                    <div class="stack-row">
                        {apps
                            .iter()
                            .map(|app| {
                                view! {
                                    <div class="unit container-unit">
                                        <div class="layer layer-app">{*app}</div>
                                        <div class="layer layer-libs">"Python, wheels, libgomp"</div>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </div>
                    <div class="layer layer-runtime">"Container runtime (namespaces + cgroups)"</div>
                    <div class="layer layer-kernel">"Host kernel, shared by all three"</div>
                    <div class="layer layer-hardware">"Hardware"</div>
                </figure>
                <figure class="stack">
                    <figcaption>"Virtual machines"</figcaption>
                    <div class="stack-row">
                        {apps
                            .iter()
                            .map(|app| {
                                view! {
                                    <div class="unit vm-unit">
                                        <div class="layer layer-app">{*app}</div>
                                        <div class="layer layer-libs">"Python, wheels, libgomp"</div>
                                        <div class="layer layer-kernel">"Guest OS and kernel"</div>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </div>
                    <div class="layer layer-runtime">"Hypervisor"</div>
                    <div class="layer layer-kernel layer-host">"Host OS"</div>
                    <div class="layer layer-hardware">"Hardware"</div>
                </figure>
            </div>
            <p class="diagram-caption" aria-live="polite">{caption}</p>
        </section>
    }
}
