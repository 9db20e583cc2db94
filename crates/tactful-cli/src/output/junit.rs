//! `--format junit`: a JUnit XML report, which GitLab, Jenkins and GitHub test
//! reporters show as a list of passed and failed tests.
//!
//! One test suite, one test case per checked file. A file fails when it has a
//! finding at or above the `--fail-on` level, so the report agrees with the exit
//! code; the failure lists every finding of the file as `short` lines. A file
//! that passes with findings below that level lists them in `<system-out>`.

use std::io::Write;

use quick_xml::Writer;
use quick_xml::events::BytesText;
use tactful::Severity;

use crate::inputs::{Checked, CheckedFile};
use crate::output::{located_in, report_path, short, xml_document};

pub fn write(out: &mut impl Write, checked: &Checked, fail_on: Option<Severity>) -> std::io::Result<()> {
    let fails = |file: &CheckedFile| {
        fail_on.is_some_and(|level| file.findings.iter().any(|f| f.diagnostic.severity >= level))
    };
    let tests = checked.files.len().to_string();
    let failures = checked.files.iter().filter(|f| fails(f)).count().to_string();
    let counts = [
        ("tests", tests.as_str()),
        ("failures", failures.as_str()),
        ("errors", "0"),
    ];
    let mut xml = xml_document(&mut *out)?;
    xml.create_element("testsuites")
        .with_attribute(("name", "tactful"))
        .with_attributes(counts)
        .write_inner_content(|xml| {
            xml.create_element("testsuite")
                .with_attribute(("name", "tactful"))
                .with_attributes(counts)
                .with_attribute(("skipped", "0"))
                .write_inner_content(|xml| {
                    for file in &checked.files {
                        test_case(xml, file, fails(file))?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    writeln!(out)
}

fn test_case<W: Write>(xml: &mut Writer<W>, file: &CheckedFile, failed: bool) -> std::io::Result<()> {
    let path = report_path(&file.path);
    let case = xml
        .create_element("testcase")
        .with_attribute(("classname", "tactful"))
        .with_attribute(("name", &*path))
        .with_attribute(("file", &*path));
    if file.findings.is_empty() {
        case.write_empty()?;
        return Ok(());
    }
    let listing = located_in(file)
        .map(|found| short::line(&found))
        .collect::<Vec<_>>()
        .join("\n");
    case.write_inner_content(|xml| {
        if failed {
            let n = file.findings.len();
            let message = format!("{n} problem{}", if n == 1 { "" } else { "s" });
            xml.create_element("failure")
                .with_attribute(("message", message.as_str()))
                .with_attribute(("type", "tactful"))
                .write_text_content(BytesText::new(&listing))?;
        } else {
            xml.create_element("system-out")
                .write_text_content(BytesText::new(&listing))?;
        }
        Ok(())
    })?;
    Ok(())
}
