//! HTTP dates, without a clock: the caller supplies "now" wherever it matters.

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses the three date forms HTTP allows (IMF-fixdate, RFC 850, asctime) into
/// milliseconds since the Unix epoch. Anything else, or a date before 1970, is None.
pub fn parse_http_date(s: &str) -> Option<u64> {
    let tokens: Vec<&str> = s.split([' ', ',', '-', ':']).filter(|t| !t.is_empty()).collect();
    // Drop the weekday, whatever its length.
    let rest = match tokens.first() {
        Some(t) if t.bytes().all(|b| b.is_ascii_alphabetic()) => tokens.get(1..)?,
        _ => &tokens[..],
    };
    let num = |t: &str| -> Option<u32> {
        if t.is_empty() || t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    };
    let month_of = |t: &str| MONTHS.iter().position(|m| t.eq_ignore_ascii_case(m)).map(|i| i as u32 + 1);
    let (day, month, year, h, m, sec) = match rest {
        // IMF-fixdate `06 Nov 1994 08:49:37 GMT` and RFC 850 `06-Nov-94 08:49:37 GMT`
        [d, mon, y, h, mi, s, zone] if zone.eq_ignore_ascii_case("GMT") => {
            let y = num(y)?;
            let y = if y < 100 {
                if y < 70 {
                    2000 + y
                } else {
                    1900 + y
                }
            } else {
                y
            };
            (num(d)?, month_of(mon)?, y, num(h)?, num(mi)?, num(s)?)
        }
        // asctime `Nov  6 08:49:37 1994`
        [mon, d, h, mi, s, y] => (num(d)?, month_of(mon)?, num(y)?, num(h)?, num(mi)?, num(s)?),
        _ => return None,
    };
    if !(1..=31).contains(&day) || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let days = days_from_civil(i64::from(year), month, day);
    let secs = days * 86_400 + i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(sec);
    u64::try_from(secs).ok().map(|s| s * 1000)
}

/// Parses an RFC 3339 timestamp (`2025-01-01T12:00:00Z`, with optional fraction and
/// offset) into milliseconds since the Unix epoch; None for anything else or before 1970.
pub fn parse_rfc3339(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok()).flatten()
    };
    if b.len() < 20 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') || !matches!(b.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (h, m, sec) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if b.get(13) != Some(&b':') || b.get(16) != Some(&b':') || !(1..=12).contains(&month) || !(1..=31).contains(&day) || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let mut i = 19;
    let mut millis = 0i64;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            if i - start < 3 {
                millis = millis * 10 + i64::from(b.get(i).copied().unwrap_or(b'0') - b'0');
            }
            i += 1;
        }
        for _ in (i - start).min(3)..3 {
            millis *= 10;
        }
    }
    let offset = match b.get(i) {
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) if i + 6 == b.len() && b.get(i + 3) == Some(&b':') => {
            let off = num(i + 1, 2)? * 60 + num(i + 4, 2)?;
            if *sign == b'+' {
                off
            } else {
                -off
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?);
    let secs = days * 86_400 + h * 3600 + m * 60 + sec - offset * 60;
    u64::try_from(secs * 1000 + millis).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_9110_examples() {
        let t = Some(784_111_777_000);
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), t);
        assert_eq!(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"), t);
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), t);
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(parse_http_date("Sun, 22 Nov 2026 21:00:00 GMT"), Some(1_795_381_200_000));
    }

    #[test]
    fn rfc3339() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2026-11-22T21:00:00Z"), Some(1_795_381_200_000));
        assert_eq!(parse_rfc3339("2026-11-22T21:00:00.250Z"), Some(1_795_381_200_250));
        assert_eq!(parse_rfc3339("2026-11-22T21:00:00.2Z"), Some(1_795_381_200_200));
        assert_eq!(parse_rfc3339("2026-11-22T18:00:00-03:00"), Some(1_795_381_200_000));
        for bad in ["", "2026-11-22", "2026-13-01T00:00:00Z", "2026-11-22T21:00:00", "x026-11-22T21:00:00Z", "2026-11-22T21:00:00+0300"] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn rejects_other_text() {
        for s in ["", "120", "tomorrow", "Sun, 06 Nov 1994 08:49:37 CET", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT"] {
            assert_eq!(parse_http_date(s), None, "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = parse_http_date(&s);
            let _ = parse_rfc3339(&s);
        }
    }
}
