//! The zip of an edition, for readers who take the handbook offline.
//!
//! In: an edition's output files and the name of the folder they unpack
//! into. Out: the bytes of a zip that is the same from build to build —
//! entries sorted by path, every timestamp 1980-01-01 00:00, every mode
//! `0644`, one compression level — made by the `zip` crate.

use crate::render::{Contents, OutputFile};
use std::io::{self, Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// The zip of `files`, each under `folder/`.
pub fn zip_files(files: &[OutputFile], folder: &str) -> io::Result<Vec<u8>> {
    let mut sorted: Vec<&OutputFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for f in sorted {
        zip.start_file(format!("{folder}/{}", f.path), options)
            .map_err(io::Error::other)?;
        match &f.contents {
            Contents::Bytes(b) => zip.write_all(b)?,
            Contents::Copy(from) => zip.write_all(&std::fs::read(from)?)?,
        }
    }
    Ok(zip.finish().map_err(io::Error::other)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(text.as_bytes().to_vec()),
        }
    }

    #[test]
    fn the_zip_is_the_same_whatever_the_order_and_unpacks_into_its_folder() {
        let a = [
            file("index.html", "<p>hem</p>"),
            file("cases/x/index.html", "<p>x</p>"),
        ];
        let b = [a[1].clone(), a[0].clone()];
        let za = zip_files(&a, "handbok-2026.1").unwrap();
        assert_eq!(za, zip_files(&b, "handbok-2026.1").unwrap());
        let mut archive = zip::ZipArchive::new(Cursor::new(za)).unwrap();
        let names: Vec<String> = (0..archive.len())
            .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "handbok-2026.1/cases/x/index.html",
                "handbok-2026.1/index.html"
            ]
        );
        let mut text = String::new();
        io::Read::read_to_string(
            &mut archive.by_name("handbok-2026.1/index.html").unwrap(),
            &mut text,
        )
        .unwrap();
        assert_eq!(text, "<p>hem</p>");
    }
}
