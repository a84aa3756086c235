//! QR codes for printed pages.

/// The QR code for a printed page's web address, as SVG: sharp at any print size. One path of
/// horizontal runs keeps it small (the qrcode crate's own SVG writes every module).
pub(super) fn qr_svg(url: &str) -> Vec<u8> {
    let Some((width, colors)) = qr_modules(url) else {
        // Only an address longer than a QR code holds fails; the address is printed anyway.
        return b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>".to_vec();
    };
    const QUIET: usize = 4;
    let size = width + 2 * QUIET;
    let mut path = String::with_capacity(width * width / 2);
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if colors[y * width + x] == qrcode::Color::Dark {
                let start = x;
                while x < width && colors[y * width + x] == qrcode::Color::Dark {
                    x += 1;
                }
                // "M{x} {y}h{run}v1h-{run}z", without `fmt`, which was most of a code's time.
                path.push('M');
                push_number(&mut path, start + QUIET);
                path.push(' ');
                push_number(&mut path, y + QUIET);
                path.push('h');
                push_number(&mut path, x - start);
                path.push_str("v1h-");
                push_number(&mut path, x - start);
                path.push('z');
            } else {
                x += 1;
            }
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" width=\"{px}\" height=\"{px}\" shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>",
        px = size * 6
    )
    .into_bytes()
}

fn push_number(out: &mut String, n: usize) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// A QR code's modules, row by row. The mask is fixed: choosing the "best" of eight masks
/// by penalty score took a fifth of a whole build, and any mask reads; the print tests decode
/// every code back.
pub(super) fn qr_modules(url: &str) -> Option<(usize, Vec<qrcode::Color>)> {
    use qrcode::{EcLevel, bits, canvas, ec};
    let bits = bits::encode_auto(url.as_bytes(), EcLevel::M).ok()?;
    let version = bits.version();
    let (data, ecc) = ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
    let mut c = canvas::Canvas::new(version, EcLevel::M);
    c.draw_all_functional_patterns();
    c.draw_data(&data, &ecc);
    c.apply_mask(canvas::MaskPattern::Checkerboard);
    Some((version.width().try_into().ok()?, c.into_colors()))
}
