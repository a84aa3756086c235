//! Stopping a preview rebuild that a newer save has made pointless.
//!
//! The watcher asks; the render checks between pages and between its stages. A rebuild that
//! was cut short publishes nothing: its pages would mix the old save with the new one's
//! absence. What it made stays in the memo, so the next rebuild does not make it again.

use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug, Default)]
pub struct Cancel {
    asked: AtomicBool,
    cut: AtomicBool,
}

impl Cancel {
    /// A newer change came in: the rebuild under way may stop.
    pub fn ask(&self) {
        self.asked.store(true, Ordering::SeqCst);
    }

    /// At the start of a rebuild: forget requests made for the previous one.
    pub fn reset(&self) {
        self.asked.store(false, Ordering::SeqCst);
        self.cut.store(false, Ordering::SeqCst);
    }

    /// Whether the work about to start should be skipped; records that the build was cut.
    pub fn stop_here(&self) -> bool {
        let stop = self.asked.load(Ordering::Relaxed);
        if stop {
            self.cut.store(true, Ordering::Relaxed);
        }
        stop
    }

    /// Whether some work was skipped: the build is incomplete and must not be published.
    /// A build that finished before the request came is whole and still good to publish.
    pub fn was_cut(&self) -> bool {
        self.cut.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_request_before_the_work_cuts_the_build() {
        let c = Cancel::default();
        assert!(!c.stop_here());
        assert!(!c.was_cut(), "a build nobody stopped is whole");
        c.ask();
        assert!(
            !c.was_cut(),
            "asked after the last step: nothing was skipped"
        );
        assert!(c.stop_here());
        assert!(c.was_cut());
        c.reset();
        assert!(!c.stop_here() && !c.was_cut(), "a new rebuild starts clean");
    }
}
