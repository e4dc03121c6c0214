//! Quiz files with Dockerfiles in them: `key: value` fields, then sections that each start with a line of
//! three dashes, optionally followed by the section's name (`---`, `--- solution`).

/// One section after the fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The word after `---`; empty for a bare `---`.
    pub name: String,
    pub text: String,
    /// The line of the `---` marker.
    pub line: u32,
}

/// Splits a file into its field text and its sections.
pub fn split_sections(text: &str) -> (String, Vec<Section>) {
    let mut fields = String::new();
    let mut sections: Vec<Section> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_end();
        if let Some(rest) = trimmed.strip_prefix("---") {
            if rest.is_empty() || rest.starts_with(' ') {
                sections.push(Section { name: rest.trim().to_owned(), text: String::new(), line: index as u32 + 1 });
                continue;
            }
        }
        match sections.last_mut() {
            Some(section) => {
                section.text.push_str(line);
                section.text.push('\n');
            }
            None => {
                fields.push_str(line);
                fields.push('\n');
            }
        }
    }
    for section in &mut sections {
        let trimmed = section.text.trim_matches('\n');
        section.text = if trimmed.is_empty() { String::new() } else { format!("{trimmed}\n") };
    }
    (fields, sections)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_then_named_sections() {
        let (fields, sections) = split_sections("id: a\n---\nFROM x\n\n--- solution\nFROM y\n");
        assert_eq!(fields, "id: a\n");
        assert_eq!(sections.len(), 2);
        assert_eq!((sections[0].name.as_str(), sections[0].text.as_str(), sections[0].line), ("", "FROM x\n", 2));
        assert_eq!((sections[1].name.as_str(), sections[1].text.as_str()), ("solution", "FROM y\n"));
    }
}
