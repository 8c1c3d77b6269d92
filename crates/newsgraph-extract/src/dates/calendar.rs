//! Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01).

/// Day number of a civil date.
pub(crate) fn days(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date of a day number.
pub(crate) fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// ISO weekday, Monday = 1 … Sunday = 7.
pub(crate) fn weekday(z: i64) -> u32 {
    ((z + 3).rem_euclid(7) + 1) as u32
}

/// ISO week-numbering year and week of a day.
pub(crate) fn iso_week(z: i64) -> (i64, u32) {
    let thursday = z - i64::from(weekday(z)) + 4;
    let (y, _, _) = civil(thursday);
    let week = (thursday - days(y, 1, 1)) / 7 + 1;
    (y, week as u32)
}

/// Days in a month.
pub(crate) fn month_len(y: i64, m: u32) -> u32 {
    let next = if m == 12 {
        days(y + 1, 1, 1)
    } else {
        days(y, m + 1, 1)
    };
    (next - days(y, m, 1)) as u32
}

/// Parses `YYYY-MM-DD` (a longer string is cut to its first 10 characters).
pub(crate) fn parse_iso(s: &str) -> Option<i64> {
    let s = s.get(..10)?;
    let y: i64 = s.get(..4)?.parse().ok()?;
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    ((1..=12).contains(&m) && d >= 1 && d <= month_len(y, m)).then(|| days(y, m, d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_weeks() {
        for z in [-800_000, -1, 0, 1, 15_000, 20_000, 2_000_000] {
            let (y, m, d) = civil(z);
            assert_eq!(days(y, m, d), z);
        }
        let z = days(2010, 8, 18);
        assert_eq!(weekday(z), 3);
        assert_eq!(iso_week(z), (2010, 33));
        assert_eq!(iso_week(days(2011, 4, 10)), (2011, 14));
        assert_eq!(iso_week(days(2021, 1, 1)), (2020, 53));
        assert_eq!(month_len(2024, 2), 29);
        assert_eq!(parse_iso("2019-06-07"), Some(days(2019, 6, 7)));
        assert_eq!(parse_iso("2019-02-30"), None);
    }
}
