//! The command line's words: every command and option, as clap reads them. `main` acts on
//! them; completions and the manual page are made from the same definitions.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "esite",
    version,
    about = "Builds accessible, multilingual public-service brochure sites from Markdown and YAML."
)]
pub struct Cli {
    /// The site folder (the one that holds content/); before or after the command.
    #[arg(long, global = true, default_value = ".")]
    pub site: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Build the site into the output folder (atomically: a failed build changes nothing).
    Build {
        /// Where to write the site; default: output/ in the site folder.
        #[arg(long)]
        output: Option<PathBuf>,
        /// The address the site is published at, overriding base_url in site.yaml
        /// (e.g. https://example.fi/perhe/ when served under a subpath).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Preview the site: build it in memory, serve it, and rebuild and reload on every save.
    Serve {
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. Only loopback by default; anything wider lets other
        /// machines see the preview, and needs --allow-host.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Also answer requests for this host name (repeatable): with a wider --bind, the
        /// name or address other machines use. They are refused `localhost` unless it is
        /// listed too.
        #[arg(long = "allow-host")]
        allow_host: Vec<String>,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
        /// Look for changes every half second instead of waiting for the system to report
        /// them: for folders on network drives, OneDrive or WSL, where saves go unnoticed.
        #[arg(long)]
        poll: bool,
    },
    /// Build the site like `build`, and also a PDF of every leaflet and booklet, printed by
    /// a locally installed headless Chromium.
    Pdf {
        /// Where to write the site; default: output/ in the site folder.
        #[arg(long)]
        output: Option<PathBuf>,
        /// The address the site is published at, overriding base_url in site.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// The Chromium (or Chrome) program; default: found in /usr/bin.
        #[arg(long)]
        chromium: Option<PathBuf>,
        /// Also write a copy of each PDF for a print house, <name>-print.pdf: 3 mm bleed and
        /// crop marks, and A5 documents padded with blank pages to a multiple of four.
        #[arg(long)]
        print_house: bool,
    },
    /// Record that translations are up to date with the default-language text, so `check`
    /// can tell when that text changes (writes `translated_from` into each file's front matter).
    Translated {
        /// The translation files, e.g. content/services/perhetyo/en.md.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Check the site and report every problem, without writing anything.
    Check {
        /// How to print the problems: text for people, json for tools.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Treat warnings as errors (exit 1 when there are any).
        #[arg(long)]
        strict: bool,
        /// List every external link with where it is written (they are not fetched).
        #[arg(long)]
        links: bool,
        /// Also give plain-language hints: long sentences and words, officialese, passives,
        /// long stretches without a heading, and a readability figure per page. Never errors.
        #[arg(long)]
        hints: bool,
    },
    /// Start a new site: site.yaml, a sample service, region and page in every language,
    /// with comments that say what each line is for.
    Init {
        /// The folder to make the site in (made if missing); default: --site, or this folder.
        dir: Option<PathBuf>,
        /// The site's languages, the default language first (sample texts exist for fi, sv
        /// and en).
        #[arg(long, value_delimiter = ',', default_value = "fi,en")]
        languages: Vec<String>,
    },
    /// Add a service, region or free page to the site: a file per language, with the
    /// fields to fill in.
    New {
        /// What to add.
        #[arg(value_enum)]
        kind: NewKind,
        /// Its id: lower-case a–z, digits and hyphens, e.g. perheneuvola.
        id: String,
    },
    /// Exchange services and channels with PTV, the national Service Catalogue
    /// (Suomi.fi Palvelutietovaranto), in the JSON of its Open API v11.
    Ptv {
        #[command(subcommand)]
        action: PtvAction,
    },
    /// Write JSON Schemas for site.yaml, region files and front matter, so editors' programs
    /// (VS Code with the YAML extension) complete fields and underline mistakes while typing.
    Schema {
        /// The folder to write them into; default: .esite/schemas in the site folder.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print a shell completion script, e.g. `esite completions bash > ~/.local/share/bash-completion/completions/esite`.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `esite man > esite.1; man ./esite.1`.
    Man {
        /// A command's own page instead, with all its options (e.g. `esite man serve`).
        command: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum PtvAction {
    /// Write every service and channel as a PTV write payload (JSON) into a folder, with an
    /// index and the connections; warns of each field PTV needs that the site lacks.
    Export {
        /// The folder to write into (made if missing).
        #[arg(long)]
        out: PathBuf,
    },
    /// Read PTV services and channels (JSON files, or folders of them) into the site: a
    /// service folder per service, channels into region files. Shows what would change.
    Import {
        /// PTV JSON files or folders, e.g. an export's folder.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The site to import into; default: --site.
        #[arg(long)]
        into: Option<PathBuf>,
        /// The region (file name in content/regions/) for what does not say its own.
        #[arg(long)]
        region: Option<String>,
        /// Replace files that already exist (their diff is printed first).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum NewKind {
    Service,
    Region,
    Page,
}
