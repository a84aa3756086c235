//! Replays the fuzz corpus: inputs that found problems once (and the seeds) must run through
//! the pipeline without a panic. `cargo fuzz run pipeline` adds to it (see fuzz/).

#[test]
fn every_saved_fuzz_input_runs_without_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-corpus");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let result = std::panic::catch_unwind(|| esite::fuzz::run_input(&data));
        assert!(result.is_ok(), "{} makes esite panic", path.display());
        n += 1;
    }
    assert!(n >= 5, "the corpus has its seeds");
}
