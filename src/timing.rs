//! Phase timings on stderr when `ESITE_TIMINGS` is set: where a build or a preview rebuild
//! spends its time, without a profiler. The benchmark and profiling notes use it.

use std::sync::OnceLock;
use std::time::Instant;

pub struct Laps {
    last: Instant,
    on: bool,
}

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("ESITE_TIMINGS").is_some_and(|v| !v.is_empty()))
}

impl Laps {
    pub fn start() -> Laps {
        Laps {
            last: Instant::now(),
            on: enabled(),
        }
    }

    /// Prints the time since the previous lap under `label`.
    pub fn lap(&mut self, label: &str) {
        if self.on {
            let now = Instant::now();
            eprintln!(
                "esite timing: {label:<12} {:>8.1} ms{}",
                (now - self.last).as_secs_f64() * 1e3,
                memory()
            );
            self.last = now;
        }
    }
}

/// Resident memory now and at its peak so far, where the system tells (Linux).
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    format!(
        "   RSS {:>4} MiB, peak {:>4} MiB anon {} file {}",
        field("VmRSS:"),
        field("VmHWM:"),
        field("RssAnon:"),
        field("RssFile:")
    )
}
