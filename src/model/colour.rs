//! Colours as editors write them (`#0b5394`, `#05a`) and the WCAG 2.1 contrast ratio between
//! two of them, so a brand colour can be checked against what it is shown on before a page
//! is made.

/// A colour of the sRGB screen: red, green and blue from 0 to 255.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

pub const WHITE: Rgb = Rgb(255, 255, 255);

impl Rgb {
    /// `#rrggbb` or `#rgb`, in either case. Nothing else: the value is written into the page's
    /// CSS, so a name, a function or anything with a `;` in it is refused rather than passed on.
    pub fn parse(s: &str) -> Option<Rgb> {
        let hex = s.strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(&hex[i..=i], 16).ok();
        match hex.len() {
            3 => Some(Rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            6 => {
                let pair = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
                Some(Rgb(pair(0)?, pair(2)?, pair(4)?))
            }
            _ => None,
        }
    }

    /// `#rrggbb` in lower case: the one form written into pages.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Relative luminance as WCAG 2.1 defines it (with its 0.03928 threshold).
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let s = f64::from(c) / 255.0;
            if s <= 0.03928 {
                s / 12.92
            } else {
                ((s + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// The same hue, `share` (0 to 1) of the way to black.
    fn darker(self, share: f64) -> Rgb {
        let keep = 1.0 - share;
        // Each channel stays within 0..=255, so the casts cannot overflow.
        let scale = |c: u8| (f64::from(c) * keep).round() as u8;
        Rgb(scale(self.0), scale(self.1), scale(self.2))
    }
}

/// The contrast ratio of two colours, from 1 (the same) to 21 (black and white).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The ratio as an editor reads it: cut (not rounded) to two decimals, so 4.498 reads 4.49
/// and never looks like the 4.5 it misses.
pub fn ratio_text(ratio: f64) -> String {
    format!("{:.2}", (ratio * 100.0).floor() / 100.0)
}

/// The lightest shade of `colour`, towards black, whose contrast with each of `against` is at
/// least `min`; `None` when even black does not reach it.
pub fn darker_shade(colour: Rgb, against: &[Rgb], min: f64) -> Option<Rgb> {
    (0..=100)
        .map(|step| colour.darker(f64::from(step) / 100.0))
        .find(|c| against.iter().all(|&a| contrast(*c, a) >= min))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rgb(s: &str) -> Rgb {
        Rgb::parse(s).unwrap()
    }

    #[test]
    fn reads_the_two_hex_forms_and_nothing_else() {
        assert_eq!(rgb("#0b5394"), Rgb(0x0b, 0x53, 0x94));
        assert_eq!(rgb("#0B5394"), Rgb(0x0b, 0x53, 0x94));
        assert_eq!(rgb("#05a"), Rgb(0x00, 0x55, 0xaa));
        for bad in [
            "0b5394",
            "#0b539",
            "#0b53944",
            "#ggg",
            "blue",
            "#fff;}body{",
            "#+1+2+3",
            "",
            "#",
            "#ÿÿÿ",
        ] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
        assert_eq!(rgb("#05A").hex(), "#0055aa");
    }

    #[test]
    fn contrast_matches_known_pairs() {
        let cases = [
            ("#777777", "#ffffff", "4.47"), // 4.478: the grey that famously just fails
            ("#767676", "#ffffff", "4.54"),
            ("#000000", "#ffffff", "21.00"),
            ("#ffffff", "#ffffff", "1.00"),
            ("#00528a", "#ffffff", "8.15"),
            ("#0b5394", "#ffffff", "7.83"),
            ("#ff0000", "#ffffff", "3.99"),
        ];
        for (a, b, want) in cases {
            assert_eq!(ratio_text(contrast(rgb(a), rgb(b))), want, "{a} on {b}");
            assert_eq!(contrast(rgb(a), rgb(b)), contrast(rgb(b), rgb(a)));
        }
        assert!((contrast(rgb("#777"), WHITE) - 4.478).abs() < 0.001);
    }

    #[test]
    fn the_suggested_shade_is_the_lightest_that_passes() {
        let yellow = rgb("#ffcc00");
        let shade = darker_shade(yellow, &[WHITE], 4.5).unwrap();
        assert!(contrast(shade, WHITE) >= 4.5);
        // One step lighter fails, and the hue stays: red over green, no blue.
        let step = (0..=100)
            .find(|&s| yellow.darker(f64::from(s) / 100.0) == shade)
            .unwrap();
        assert!(step > 0);
        let lighter = yellow.darker(f64::from(step - 1) / 100.0);
        assert!(contrast(lighter, WHITE) < 4.5, "{shade:?}");
        assert!(shade.0 > shade.1 && shade.2 == 0);
        // A colour that passes is its own answer.
        assert_eq!(
            darker_shade(rgb("#0b5394"), &[WHITE], 4.5),
            Some(rgb("#0b5394"))
        );
        // Nothing reaches 22:1.
        assert_eq!(darker_shade(yellow, &[WHITE], 22.0), None);
    }
}
