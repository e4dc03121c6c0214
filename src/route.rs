//! The app's routes and how they map to the URL fragment.
//!
//! Routing lives in the fragment (`#/lessons`) rather than the path so that `dist/` works unchanged from any
//! static server, under any sub-path, and from a file opened on disk: the server only ever sees `index.html`.

/// A top-level page of the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Lessons,
    Playground,
    Quizzes,
    /// A fragment that names no page; the text after `#/` is kept so the page can say what was asked for.
    NotFound,
}

impl Route {
    /// The pages listed in the main navigation, in order.
    pub const NAVIGATION: [Route; 3] = [Route::Lessons, Route::Playground, Route::Quizzes];

    /// Reads a route from a URL fragment as `location.hash` returns it (`""`, `"#"`, `"#/"`, `"#/lessons"`).
    ///
    /// Trailing slashes and letter case are forgiven, and anything after the first path segment is ignored
    /// for now; later pages use it for their own state.
    pub fn from_fragment(fragment: &str) -> Route {
        let path = fragment.strip_prefix('#').unwrap_or(fragment);
        let path = path.trim_start_matches('/');
        let first = path.split(['/', '?']).next().unwrap_or("");
        match first.to_ascii_lowercase().as_str() {
            "" => Route::Home,
            "lessons" => Route::Lessons,
            "playground" => Route::Playground,
            "quizzes" => Route::Quizzes,
            _ => Route::NotFound,
        }
    }

    /// The link target for this route, relative to the current document.
    pub fn href(self) -> &'static str {
        match self {
            Route::Home | Route::NotFound => "#/",
            Route::Lessons => "#/lessons",
            Route::Playground => "#/playground",
            Route::Quizzes => "#/quizzes",
        }
    }

    /// The label shown in navigation and used in the document title.
    pub fn title(self) -> &'static str {
        match self {
            Route::Home => "Home",
            Route::Lessons => "Lessons",
            Route::Playground => "Playground",
            Route::Quizzes => "Quizzes",
            Route::NotFound => "Page not found",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Route;

    #[test]
    fn empty_and_root_fragments_are_home() {
        for fragment in ["", "#", "#/", "/", "#//"] {
            assert_eq!(Route::from_fragment(fragment), Route::Home, "fragment {fragment:?}");
        }
    }

    #[test]
    fn each_page_is_found_by_its_own_href() {
        for route in Route::NAVIGATION {
            assert_eq!(Route::from_fragment(route.href()), route);
        }
        assert_eq!(Route::from_fragment(Route::Home.href()), Route::Home);
    }

    #[test]
    fn trailing_parts_and_case_are_forgiven() {
        assert_eq!(Route::from_fragment("#/Lessons/"), Route::Lessons);
        assert_eq!(Route::from_fragment("#/playground/layers"), Route::Playground);
        assert_eq!(Route::from_fragment("#/quizzes?id=3"), Route::Quizzes);
    }

    #[test]
    fn unknown_fragments_are_not_found_rather_than_home() {
        assert_eq!(Route::from_fragment("#/lesson"), Route::NotFound);
        assert_eq!(Route::from_fragment("#section-2"), Route::NotFound);
    }
}
