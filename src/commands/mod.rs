//! What the subcommands do beyond the pipeline: the language summary and link list of
//! `check`, `esite translated`, and the files `esite init` and `esite new` write. `main`
//! parses the command line and prints; these return values.

pub mod init;
pub mod links;
pub mod new;
pub mod plain;
pub mod ptv;
mod samples;
pub mod schema;
pub mod status;
pub mod summary;
pub mod translated;
