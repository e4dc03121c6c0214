//! Which context files look like secrets: the ones a learner must never send to the builder or bake into a layer.
//!
//! The rules are by file name, because the engine never reads file contents: dotenv files, private keys and
//! certificates, and the credential files that cloud and package tools write. Templates such as `.env.example`
//! are meant to be committed and shared, so they are not flagged.

/// Why a path looks secret, in words for the learner; `None` when it does not.
pub fn secret_kind(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    // Most names are already lower case; only the others pay for a copy.
    let lower: std::borrow::Cow<str> = if name.bytes().any(|byte| byte.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(name.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(name)
    };
    let lower: &str = &lower;
    let is_template = [".example", ".sample", ".template", ".dist"].iter().any(|suffix| lower.ends_with(suffix));
    if (lower == ".env" || lower.starts_with(".env.")) && !is_template {
        return Some("a dotenv file, which usually holds tokens and passwords");
    }
    if [".pem", ".key", ".p12", ".pfx", ".jks", ".keystore"].iter().any(|suffix| lower.ends_with(suffix)) {
        return Some("a private key or certificate");
    }
    if matches!(lower, "id_rsa" | "id_dsa" | "id_ecdsa" | "id_ed25519") {
        return Some("an SSH private key");
    }
    if matches!(lower, ".netrc" | ".pypirc" | ".npmrc" | ".git-credentials" | ".dockercfg")
        || path.ends_with(".docker/config.json")
    {
        return Some("a file with login tokens for a package index or registry");
    }
    if (lower.contains("credential") || lower.starts_with("service-account") || lower.starts_with("service_account"))
        && !is_template
    {
        return Some("a cloud credentials file");
    }
    if path.ends_with(".aws/credentials") || path.ends_with(".kaggle/kaggle.json") {
        return Some("a cloud credentials file");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::secret_kind;

    #[test]
    fn secrets_by_name() {
        for path in [".env", "app/.env.production", "certs/server.pem", "tls.key", "deploy/id_rsa", ".netrc"] {
            assert!(secret_kind(path).is_some(), "{path}");
        }
        for path in ["configs/gcp-credentials.json", "service-account.json", ".aws/credentials"] {
            assert!(secret_kind(path).is_some(), "{path}");
        }
        for path in [".env.example", "src/keys.py", "environment.yml", "README.md", "monkey.txt"] {
            assert!(secret_kind(path).is_none(), "{path}");
        }
    }
}
