//! The app's routes and how they map to the URL fragment.
//!
//! Routing lives in the fragment (`#/lessons`) rather than the path so that `dist/` works unchanged from any
//! static server, under any sub-path, and from a file opened on disk: the server only ever sees `index.html`.
//! A lesson is `#/lessons/<id>`, and a heading inside it `#/lessons/<id>/<anchor>`: the anchor is part of the
//! route because the fragment is already taken by routing.

/// The kinds of quiz, each a folder of files and a section of the quizzes page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum QuizKind {
    Misconceptions,
    Predict,
    Interview,
    Exercises,
}

impl QuizKind {
    pub const ALL: [QuizKind; 4] =
        [QuizKind::Misconceptions, QuizKind::Predict, QuizKind::Interview, QuizKind::Exercises];

    /// The word in the route: `#/quizzes/<slug>/<id>`.
    pub fn slug(self) -> &'static str {
        match self {
            QuizKind::Misconceptions => "misconceptions",
            QuizKind::Predict => "predict",
            QuizKind::Interview => "interview",
            QuizKind::Exercises => "exercises",
        }
    }

    pub fn from_slug(slug: &str) -> Option<QuizKind> {
        QuizKind::ALL.into_iter().find(|kind| kind.slug() == slug)
    }

    pub fn title(self) -> &'static str {
        match self {
            QuizKind::Misconceptions => "Misconceptions",
            QuizKind::Predict => "Predict the rebuild",
            QuizKind::Interview => "Interview practice",
            QuizKind::Exercises => "Fix this Dockerfile",
        }
    }
}

/// A page of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Lessons,
    /// One lesson, optionally scrolled to a heading.
    Lesson {
        id: String,
        anchor: Option<String>,
    },
    Playground,
    Quizzes,
    /// One kind of quiz: its list (and, for interview practice, the review queue).
    QuizKind(QuizKind),
    /// One quiz item of a kind.
    Quiz {
        kind: QuizKind,
        id: String,
    },
    /// A fragment that names no page.
    NotFound,
}

impl Route {
    /// The pages listed in the main navigation, in order.
    pub const NAVIGATION: [Route; 3] = [Route::Lessons, Route::Playground, Route::Quizzes];

    /// Reads a route from a URL fragment as `location.hash` returns it (`""`, `"#"`, `"#/"`, `"#/lessons"`).
    ///
    /// Trailing slashes and the letter case of page names are forgiven. Lesson ids and anchors are lower case
    /// by construction, so they are lower-cased too; anything after the anchor is ignored.
    pub fn from_fragment(fragment: &str) -> Route {
        let path = fragment.strip_prefix('#').unwrap_or(fragment);
        let path = path.trim_start_matches('/');
        let path = path.split('?').next().unwrap_or("");
        let mut parts = path.split('/').filter(|part| !part.is_empty()).map(str::to_ascii_lowercase);
        let first = parts.next().unwrap_or_default();
        match first.as_str() {
            "" => Route::Home,
            "lessons" => match parts.next() {
                None => Route::Lessons,
                Some(id) => Route::Lesson { id, anchor: parts.next() },
            },
            "playground" => Route::Playground,
            "quizzes" => match parts.next() {
                None => Route::Quizzes,
                Some(slug) => match (QuizKind::from_slug(&slug), parts.next()) {
                    (Some(kind), None) => Route::QuizKind(kind),
                    (Some(kind), Some(id)) => Route::Quiz { kind, id },
                    (None, _) => Route::NotFound,
                },
            },
            _ => Route::NotFound,
        }
    }

    /// The link target for this route, relative to the current document.
    pub fn href(&self) -> String {
        match self {
            Route::Home | Route::NotFound => "#/".to_owned(),
            Route::Lessons => "#/lessons".to_owned(),
            Route::Lesson { id, anchor: None } => format!("#/lessons/{id}"),
            Route::Lesson { id, anchor: Some(anchor) } => format!("#/lessons/{id}/{anchor}"),
            Route::Playground => "#/playground".to_owned(),
            Route::Quizzes => "#/quizzes".to_owned(),
            Route::QuizKind(kind) => format!("#/quizzes/{}", kind.slug()),
            Route::Quiz { kind, id } => format!("#/quizzes/{}/{id}", kind.slug()),
        }
    }

    /// The label shown in navigation and used in the document title.
    pub fn title(&self) -> &'static str {
        match self {
            Route::Home => "Home",
            Route::Lessons => "Lessons",
            Route::Lesson { .. } => "Lesson",
            Route::Playground => "Playground",
            Route::Quizzes => "Quizzes",
            Route::QuizKind(kind) | Route::Quiz { kind, .. } => kind.title(),
            Route::NotFound => "Page not found",
        }
    }

    /// The entry of the main navigation this page belongs to.
    pub fn section(&self) -> Route {
        match self {
            Route::Lesson { .. } => Route::Lessons,
            Route::QuizKind(_) | Route::Quiz { .. } => Route::Quizzes,
            other => other.clone(),
        }
    }

    /// The same page without a heading anchor: moving between headings of one lesson keeps the page.
    pub fn page(&self) -> Route {
        match self {
            Route::Lesson { id, .. } => Route::Lesson { id: id.clone(), anchor: None },
            other => other.clone(),
        }
    }

    /// The heading anchor, if the route names one.
    pub fn anchor(&self) -> Option<String> {
        match self {
            Route::Lesson { anchor, .. } => anchor.clone(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{QuizKind, Route};

    fn lesson(id: &str, anchor: Option<&str>) -> Route {
        Route::Lesson { id: id.to_owned(), anchor: anchor.map(str::to_owned) }
    }

    #[test]
    fn empty_and_root_fragments_are_home() {
        for fragment in ["", "#", "#/", "/", "#//"] {
            assert_eq!(Route::from_fragment(fragment), Route::Home, "fragment {fragment:?}");
        }
    }

    #[test]
    fn each_page_is_found_by_its_own_href() {
        for route in Route::NAVIGATION {
            assert_eq!(Route::from_fragment(&route.href()), route);
        }
        assert_eq!(Route::from_fragment(&Route::Home.href()), Route::Home);
        for route in [lesson("base-images", None), lesson("base-images", Some("multi-stage-builds"))] {
            assert_eq!(Route::from_fragment(&route.href()), route);
        }
    }

    #[test]
    fn trailing_parts_and_case_are_forgiven() {
        assert_eq!(Route::from_fragment("#/Lessons/"), Route::Lessons);
        assert_eq!(Route::from_fragment("#/playground/layers"), Route::Playground);
        assert_eq!(Route::from_fragment("#/quizzes?id=3"), Route::Quizzes);
    }

    #[test]
    fn lessons_and_their_anchors() {
        assert_eq!(Route::from_fragment("#/lessons/why-ml-breaks"), lesson("why-ml-breaks", None));
        assert_eq!(Route::from_fragment("#/lessons/why-ml-breaks/"), lesson("why-ml-breaks", None));
        assert_eq!(Route::from_fragment("#/lessons/Why-ML-Breaks/Recap"), lesson("why-ml-breaks", Some("recap")));
        assert_eq!(Route::from_fragment("#/lessons/a/recap/extra?x=1"), lesson("a", Some("recap")));
        assert_eq!(Route::from_fragment("#/lessons//"), Route::Lessons);
    }

    #[test]
    fn a_lesson_belongs_to_the_lessons_section_and_its_page_drops_the_anchor() {
        let route = lesson("a", Some("recap"));
        assert_eq!(route.section(), Route::Lessons);
        assert_eq!(route.page(), lesson("a", None));
        assert_eq!(route.anchor().as_deref(), Some("recap"));
        assert_eq!(Route::Quizzes.section(), Route::Quizzes);
        assert_eq!(Route::Quizzes.anchor(), None);
    }

    #[test]
    fn quiz_kinds_and_items_have_routes_of_their_own() {
        for kind in QuizKind::ALL {
            let route = Route::QuizKind(kind);
            assert_eq!(Route::from_fragment(&route.href()), route);
            assert_eq!(route.section(), Route::Quizzes);
            let item = Route::Quiz { kind, id: "cache-order".to_owned() };
            assert_eq!(Route::from_fragment(&item.href()), item);
            assert_eq!(item.section(), Route::Quizzes);
        }
        assert_eq!(
            Route::from_fragment("#/quizzes/Predict/Code-Edit/"),
            Route::Quiz { kind: QuizKind::Predict, id: "code-edit".to_owned() }
        );
        assert_eq!(Route::from_fragment("#/quizzes/riddles"), Route::NotFound);
        assert_eq!(Route::Quiz { kind: QuizKind::Interview, id: "x".into() }.title(), "Interview practice");
    }

    #[test]
    fn unknown_fragments_are_not_found_rather_than_home() {
        assert_eq!(Route::from_fragment("#/lesson"), Route::NotFound);
        assert_eq!(Route::from_fragment("#section-2"), Route::NotFound);
    }
}

/// A parameter of the query that follows `?` in a fragment (`#/playground?s=DATA`) or in `location.search`
/// (`?embed=layers&theme=dark`). Routing itself ignores the query; pages read what they need from it. Values are
/// returned as written: the playground's share data is base64url and needs no decoding, and anything else a
/// page reads is checked against a fixed list.
pub fn query_param(text: &str, name: &str) -> Option<String> {
    let query = text.split_once('?').map(|(_, query)| query)?;
    let query = query.split('#').next().unwrap_or_default();
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then(|| value.to_owned())
    })
}

/// The fragment for the playground with share data.
pub fn playground_fragment(share: &str) -> String {
    format!("{}?s={share}", Route::Playground.href())
}

#[cfg(test)]
mod query_tests {
    use super::{playground_fragment, query_param, Route};

    #[test]
    fn query_parameters_are_read_from_fragments_and_searches() {
        assert_eq!(query_param("#/playground?s=1.abc_-", "s").as_deref(), Some("1.abc_-"));
        assert_eq!(query_param("?embed=layers&theme=dark", "theme").as_deref(), Some("dark"));
        assert_eq!(query_param("?embed=layers&theme=dark", "embed").as_deref(), Some("layers"));
        assert_eq!(query_param("?embed", "embed").as_deref(), Some(""));
        assert_eq!(query_param("#/playground", "s"), None);
        assert_eq!(query_param("", "s"), None);
        assert_eq!(query_param("?x=1#/a?s=2", "s"), None);
    }

    #[test]
    fn the_share_fragment_still_routes_to_the_playground() {
        let fragment = playground_fragment("1.abc");
        assert_eq!(Route::from_fragment(&fragment), Route::Playground);
        assert_eq!(query_param(&fragment, "s").as_deref(), Some("1.abc"));
    }
}
