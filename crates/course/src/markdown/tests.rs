//! Rendering tests: sanitising, anchors, admonitions, links, code and blocks.

use super::*;

fn html(body: &str) -> String {
    render(body, 1, "demo")
        .segments
        .into_iter()
        .map(|segment| match segment {
            Segment::Html(html) => html,
            Segment::Block(block) => format!("[{}]", block.kind()),
        })
        .collect()
}

/// Every tag in the output is one the renderer writes itself, with no event-handler attribute and no link or
/// source to a forbidden address. Text from the lesson is escaped, so any `<` in the output starts a real tag.
fn assert_inert(out: &str) {
    const ALLOWED: [&str; 27] = [
        "p",
        "a",
        "code",
        "pre",
        "span",
        "em",
        "strong",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "aside",
        "ul",
        "ol",
        "li",
        "blockquote",
        "img",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "del",
        "br",
        "hr",
    ];
    for piece in out.split('<').skip(1) {
        let tag = piece.split('>').next().unwrap_or("");
        let name = tag.trim_start_matches('/').split([' ', '\n']).next().unwrap_or("").to_ascii_lowercase();
        assert!(ALLOWED.contains(&name.as_str()) || name == "div" || name == "input", "tag <{tag}> in {out}");
        let lower = tag.to_ascii_lowercase();
        for attribute in lower.split_whitespace().skip(1) {
            assert!(!attribute.starts_with("on"), "event handler in <{tag}>");
        }
        for forbidden in ["javascript:", "data:", "vbscript:"] {
            assert!(!lower.contains(&format!("=\"{forbidden}")), "{forbidden} in <{tag}>");
        }
    }
}

#[test]
fn script_blocks_are_escaped_not_executed() {
    let out = html("<script>alert('x')</script>\n\nafter\n");
    assert_inert(&out);
    assert!(out.contains("&lt;script&gt;alert("), "{out}");
}

#[test]
fn inline_html_with_event_handlers_is_escaped() {
    let out = html("A picture <img src=x onerror=alert(1)> here, and <b onclick=\"x()\">bold</b>.\n");
    assert_inert(&out);
    assert!(out.contains("&lt;img src=x onerror=alert(1)&gt;"), "{out}");
    assert!(!out.contains("<b "), "{out}");
}

#[test]
fn html_blocks_of_every_kind_are_escaped() {
    for body in [
        "<div onmouseover=\"steal()\">hi</div>\n",
        "<iframe src=\"https://evil.example\"></iframe>\n",
        "<!-- comment --><svg onload=alert(1)>\n",
        "<style>body{display:none}</style>\n",
        "<details open ontoggle=alert(1)>\n",
    ] {
        let out = html(body);
        assert_inert(&out);
        assert!(out.contains("&lt;"), "{body} → {out}");
    }
}

#[test]
fn javascript_and_data_links_lose_their_link_and_keep_their_text() {
    for url in [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "java%0ascript:x",
        "data:text/html,<script>x</script>",
        "vbscript:x",
    ] {
        let body = format!("[click me]({url}) and <{url}>\n");
        let rendered = render(&body, 1, "demo");
        let out = html(&body);
        assert_inert(&out);
        assert!(out.contains("click me"), "{out}");
        assert!(!out.contains("<a "), "{url} → {out}");
        assert!(!rendered.problems.is_empty(), "{url} is reported");
    }
}

#[test]
fn images_must_be_local_and_never_carry_script() {
    let out =
        html("![chart](javascript:alert(1)) ![remote](https://tracker.example/p.png) ![ok](figures/layers.svg)\n");
    assert_inert(&out);
    assert!(!out.contains("tracker.example"), "{out}");
    assert!(out.contains("<img src=\"lessons/figures/layers.svg\" alt=\"ok\" loading=\"lazy\">"), "{out}");
}

#[test]
fn external_links_open_safely_and_quotes_are_escaped() {
    let out = html("[docs](https://docs.docker.com/build/cache/ \"title\") [q](https://x.example/?a=\"b\")\n");
    assert!(
        out.contains(
            "<a href=\"https://docs.docker.com/build/cache/\" rel=\"noopener noreferrer\" target=\"_blank\">docs</a>"
        ),
        "{out}"
    );
    assert!(out.contains("href=\"https://x.example/?a=&quot;b&quot;\""), "{out}");
}

#[test]
fn headings_get_unique_anchors_a_toc_and_self_links() {
    let rendered = render("## Recap\n\n### Main\n\n## Recap\n\n#### Deep\n", 1, "demo");
    assert_eq!(rendered.anchors, vec!["recap", "main-1", "recap-1", "deep"]);
    let toc: Vec<(u8, &str, &str)> =
        rendered.toc.iter().map(|entry| (entry.level, entry.text.as_str(), entry.anchor.as_str())).collect();
    assert_eq!(toc, vec![(2, "Recap", "recap"), (3, "Main", "main-1"), (2, "Recap", "recap-1")]);
    let out = html("## Why `COPY . .` hurts\n");
    assert!(
        out.contains("<h2 id=\"why-copy-hurts\">Why <code>COPY . .</code> hurts <a class=\"heading-anchor\" href=\"#/lessons/demo/why-copy-hurts\""),
        "{out}"
    );
}

#[test]
fn a_level_one_heading_is_a_problem() {
    let rendered = render("\n# Title\n", 7, "demo");
    assert_eq!(
        rendered.problems,
        vec![Problem::new(8, "the lesson title comes from the front matter: start sections at `##`")]
    );
}

#[test]
fn admonitions_tip_warning_and_danger() {
    let out = html(
        "> [!TIP]\n> Pin versions.\n\n> [!WARNING]\n> Slow.\n\n> [!DANGER]\n> Never bake secrets.\n\n> plain quote\n",
    );
    assert!(
        out.contains("<aside class=\"admonition admonition-tip\" role=\"note\"><p class=\"admonition-title\">Tip</p>"),
        "{out}"
    );
    assert!(out.contains("admonition-warning"), "{out}");
    assert!(out.contains("<aside class=\"admonition admonition-danger\" role=\"note\"><p class=\"admonition-title\">Danger</p>\n<p>Never bake secrets.</p>\n</aside>"), "{out}");
    assert!(!out.contains("[!DANGER]"), "{out}");
    assert!(out.contains("<blockquote>\n<p>plain quote</p>\n</blockquote>"), "{out}");
}

#[test]
fn danger_marker_alone_on_its_paragraph() {
    let out = html("> [!DANGER]\n>\n> Text.\n");
    assert!(out.contains("<p class=\"admonition-title\">Danger</p>\n<p>Text.</p>"), "{out}");
}

#[test]
fn internal_links_are_rewritten_and_recorded() {
    let rendered = render(
        "[a](images-and-layers.md#the-cascade) [b](#recap) [c](#/lessons/base-images) [d](#/playground)\n",
        3,
        "demo",
    );
    let links: Vec<(&str, Option<&str>)> =
        rendered.links.iter().map(|link| (link.lesson.as_str(), link.anchor.as_deref())).collect();
    assert_eq!(links, vec![("images-and-layers", Some("the-cascade")), ("demo", Some("recap")), ("base-images", None)]);
    let out = html("[a](images-and-layers.md#the-cascade) [b](#recap)\n");
    assert!(out.contains("href=\"#/lessons/images-and-layers/the-cascade\""), "{out}");
    assert!(out.contains("href=\"#/lessons/demo/recap\""), "{out}");
}

#[test]
fn unknown_pages_and_relative_files_are_problems() {
    let rendered = render("[x](#/settings) [y](../README.md)\n", 1, "demo");
    assert_eq!(rendered.problems.len(), 2, "{:?}", rendered.problems);
}

#[test]
fn code_fences_are_highlighted_and_escaped() {
    let out = html("```python\nprint(\"<b>\")\n```\n");
    assert!(out.contains("<pre class=\"code lang-python\" data-lang=\"Python\"><code>print(<span class=\"tok-string\">&quot;&lt;b&gt;&quot;</span>)"), "{out}");
    let out = html("```\n<script>x</script>\n```\n");
    assert_inert(&out);
}

#[test]
fn dockerfile_fences_are_checked_with_the_engine() {
    let rendered =
        render("text\n\n```dockerfile\nFROM python:3.12-slim\nCOPY --chmod=oops a b\nFRM x\n```\n", 10, "demo");
    assert_eq!(rendered.dockerfiles.len(), 1);
    assert_eq!(rendered.dockerfiles[0].line, 13);
    assert!(rendered.problems.iter().any(|problem| problem.line == 15), "{:?}", rendered.problems);
}

#[test]
fn blocks_become_segments_between_html() {
    let rendered = render("Before.\n\n```dockerlab-quiz\nid: writable-layer\n```\n\nAfter.\n", 1, "demo");
    assert_eq!(rendered.segments.len(), 3);
    assert!(
        matches!(&rendered.segments[1], Segment::Block(Block::Quiz(quiz)) if quiz.id == "writable-layer" && quiz.line == 4)
    );
}

#[test]
fn a_broken_block_shows_its_problems_in_the_page() {
    let rendered = render("```dockerlab-diagram\nkind: <b>pie</b>\n```\n", 1, "demo");
    assert_eq!(rendered.problems.len(), 1);
    let Segment::Html(out) = &rendered.segments[0] else { panic!("expected html") };
    assert!(out.contains("notice-error"), "{out}");
    assert_inert(out);
    assert!(!out.contains("<b>"), "{out}");
}

#[test]
fn inline_rendering_drops_the_paragraph() {
    assert_eq!(render_inline("Use `COPY` *first*."), "Use <code>COPY</code> <em>first</em>.");
    assert_eq!(render_inline("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
}

#[test]
#[should_panic(expected = "tag <script>")]
fn the_inertness_check_itself_catches_a_script_tag() {
    assert_inert("<p>fine</p><script>alert(1)</script>");
}

#[test]
#[should_panic(expected = "event handler")]
fn the_inertness_check_itself_catches_an_event_handler() {
    assert_inert("<img src=\"lessons/a.svg\" onerror=\"alert(1)\">");
}
