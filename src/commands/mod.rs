//! What the subcommands do beyond the pipeline: the language summary and link list of
//! `check`, and `esite translated`. `main` parses the command line and prints; these return
//! values.

pub mod links;
pub mod summary;
pub mod translated;
