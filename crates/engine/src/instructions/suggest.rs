//! "Did you mean …?" suggestions: the nearest known name by edit distance.

/// Edit distance between two strings, counted in characters and ignoring ASCII case: insertions, deletions,
/// substitutions and swaps of two neighbouring characters each cost one (optimal string alignment), because a
/// swapped pair (`FORM` for `FROM`) is the most common typo.
pub fn edit_distance(left: &str, right: &str) -> usize {
    let left: Vec<char> = left.chars().map(|ch| ch.to_ascii_lowercase()).collect();
    let right: Vec<char> = right.chars().map(|ch| ch.to_ascii_lowercase()).collect();
    let width = right.len() + 1;
    // Three rows suffice: the swap looks two rows back.
    let mut before: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current: Vec<usize> = vec![0; width];
    for i in 0..left.len() {
        current[0] = i + 1;
        for j in 0..right.len() {
            let mut best =
                (previous[j] + usize::from(left[i] != right[j])).min(previous[j + 1] + 1).min(current[j] + 1);
            if i > 0 && j > 0 && left[i] == right[j - 1] && left[i - 1] == right[j] {
                best = best.min(before[j - 1] + 1);
            }
            current[j + 1] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[right.len()]
}

/// The candidate closest to `word`, if it is close enough to be a plausible typo: at most a third of the word's
/// length (and at least one edit) away. Comparisons ignore ASCII case.
pub fn closest_match<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Very long input is not a typo of a short keyword, and comparing it would only cost time.
    if word.is_empty() || word.len() > 64 {
        return None;
    }
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(word, candidate), candidate))
        .filter(|&(distance, _)| distance <= limit)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("RUN", "run"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("FORM", "FROM"), 1);
    }

    #[test]
    fn suggestions() {
        assert_eq!(closest_match("RUNN", ["RUN", "FROM"]), Some("RUN"));
        assert_eq!(closest_match("form", ["RUN", "FROM"]), Some("FROM"));
        assert_eq!(closest_match("xyz", ["RUN", "FROM"]), None);
    }
}
