//! A small text table for the examples: columns sized to their widest
//! line, cells may span several lines.

/// Rows of cells under a header.
pub struct Table<const N: usize> {
    header: [String; N],
    rows: Vec<[String; N]>,
}

impl<const N: usize> Table<N> {
    /// A table with these column headers.
    pub fn new(header: [&str; N]) -> Self {
        Table {
            header: header.map(str::to_owned),
            rows: Vec::new(),
        }
    }

    /// Adds a row; a cell may hold several lines.
    pub fn row(&mut self, cells: [String; N]) {
        self.rows.push(cells);
    }

    /// Prints the table indented by `indent` spaces.
    pub fn print(&self, indent: usize) {
        let mut widths = [0usize; N];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.lines().map(|l| l.chars().count()).max().unwrap_or(0));
            }
        }
        let pad = " ".repeat(indent);
        let rule = |left: &str, mid: &str, right: &str| {
            let parts: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
            println!("{pad}{left}{}{right}", parts.join(mid));
        };
        let print_row = |row: &[String; N]| {
            let height = row
                .iter()
                .map(|c| c.lines().count().max(1))
                .max()
                .unwrap_or(1);
            for i in 0..height {
                let cells: Vec<String> = row
                    .iter()
                    .zip(&widths)
                    .map(|(cell, w)| {
                        let line = cell.lines().nth(i).unwrap_or("");
                        format!(" {line}{} ", " ".repeat(w - line.chars().count()))
                    })
                    .collect();
                println!("{pad}│{}│", cells.join("│"));
            }
        };
        rule("┌", "┬", "┐");
        print_row(&self.header);
        rule("├", "┼", "┤");
        for (i, row) in self.rows.iter().enumerate() {
            if i > 0 {
                rule("├", "┼", "┤");
            }
            print_row(row);
        }
        rule("└", "┴", "┘");
    }
}
