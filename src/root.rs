//! Finding the handbook a command works on.
//!
//! In: the `--root` an editor gave, if any, and the working directory. Out:
//! the handbook root, the folder holding `content/site.yaml`. Without
//! `--root`, the working directory and then each folder above it is tried in
//! turn, as cargo finds `Cargo.toml`, so that `clusterbook check` works from
//! `content/cases/` as well as from the top of a clone. An explicit `--root`
//! is taken as it is (the load stage says if it holds no handbook).

use crate::config::CONFIG_PATH;
use std::path::{Path, PathBuf};

/// No folder from the working directory upward holds a handbook.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "no handbook found: neither `{}` nor any folder above it holds `{CONFIG_PATH}`\n  help: run the command inside a handbook (a folder with `{CONFIG_PATH}`, such as a clone of the handbook's repository), or name it with `--root <folder>`",
    .start.display()
)]
pub struct NoRootError {
    /// Where the search began.
    pub start: PathBuf,
}

/// The handbook root: `explicit` when given, else the nearest of `cwd` and
/// its ancestors that holds `content/site.yaml`.
pub fn find_root(explicit: Option<&Path>, cwd: &Path) -> Result<PathBuf, NoRootError> {
    if let Some(root) = explicit {
        return Ok(root.to_path_buf());
    }
    cwd.ancestors()
        .find(|dir| dir.join(CONFIG_PATH).is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| NoRootError {
            start: cwd.to_path_buf(),
        })
}

/// [`find_root`] from the process's working directory. When the working
/// directory is itself the root, the result is `.`, so that messages show
/// short paths.
pub fn find_root_from_cwd(explicit: Option<&Path>) -> Result<PathBuf, NoRootError> {
    if explicit.is_some() {
        return find_root(explicit, Path::new("."));
    }
    let cwd = std::env::current_dir().map_err(|_| NoRootError {
        start: PathBuf::from("."),
    })?;
    let root = find_root(None, &cwd)?;
    Ok(if root == cwd {
        PathBuf::from(".")
    } else {
        root
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handbook() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("content/cases")).unwrap();
        std::fs::write(tmp.path().join(CONFIG_PATH), "title: T\n").unwrap();
        tmp
    }

    #[test]
    fn finds_the_root_from_a_folder_inside_it() {
        let tmp = handbook();
        let inner = tmp.path().join("content/cases");
        assert_eq!(find_root(None, &inner).unwrap(), tmp.path());
        assert_eq!(find_root(None, tmp.path()).unwrap(), tmp.path());
    }

    #[test]
    fn an_explicit_root_wins() {
        let tmp = handbook();
        let other = Path::new("/elsewhere");
        assert_eq!(
            find_root(Some(other), &tmp.path().join("content")).unwrap(),
            other
        );
    }

    #[test]
    fn no_handbook_above_is_an_error_that_says_what_to_do() {
        let tmp = tempfile::tempdir().unwrap();
        let err = find_root(None, tmp.path()).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("no handbook found"), "{text}");
        assert!(text.contains("--root"), "{text}");
    }
}
