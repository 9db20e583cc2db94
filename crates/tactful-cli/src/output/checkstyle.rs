//! `--format checkstyle`: Checkstyle's XML report, which Jenkins' warnings
//! plugin, reviewdog and many CI dashboards read. Every checked file is listed,
//! with an `<error>` element per finding; `source` is the rule id.

use std::io::Write;

use crate::inputs::Checked;
use crate::output::{located_in, report_path, xml_document};

/// The Checkstyle report version the readers expect.
const VERSION: &str = "4.3";

pub fn write(out: &mut impl Write, checked: &Checked) -> std::io::Result<()> {
    let mut xml = xml_document(&mut *out)?;
    xml.create_element("checkstyle")
        .with_attribute(("version", VERSION))
        .write_inner_content(|xml| {
            for file in &checked.files {
                let element = xml
                    .create_element("file")
                    .with_attribute(("name", &*report_path(&file.path)));
                element.write_inner_content(|xml| {
                    for found in located_in(file) {
                        let d = &found.finding.diagnostic;
                        xml.create_element("error")
                            .with_attribute(("line", found.start.line.to_string().as_str()))
                            .with_attribute(("column", found.start.column.to_string().as_str()))
                            .with_attribute(("severity", d.severity.as_str()))
                            .with_attribute(("message", &*found.message()))
                            .with_attribute(("source", &*d.rule))
                            .write_empty()?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    writeln!(out)
}
