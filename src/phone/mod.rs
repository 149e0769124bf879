//! Reading phone numbers the way libphonenumber does, with its metadata (`plans.rs`,
//! generated from libphonenumber-js), so that a number is sent only when it means one
//! thing.
//!
//! The rules (`read`):
//! - written with `+` or `00`: international; sent when its length is possible for its
//!   country calling code (libphonenumber's "possible"), with libphonenumber's digits
//!   (`+44 (0)20 …` drops the trunk `0`, as libphonenumber does);
//! - bare digits: sent when they form a valid number under their country code's plan
//!   (libphonenumber's "valid", its digits unchanged);
//! - anything else (brackets around an area code, a trunk `0`, digits that are no valid
//!   international number) is an issue, unless `defaultCountry` says how to read national
//!   numbers; then libphonenumber's reading for that country is sent when it is valid, and
//!   digits valid both as a national and as a different international number are an issue.
//!
//! This module follows libphonenumber-js's `parse`, `isPossible` and `isValid`
//! (source/parse.js and source/helpers/) step by step; the test command cross-checks it
//! against libphonenumber-js over thousands of numbers (tests/phone/).

mod pattern;
mod plans;

pub use pattern::{Pattern, SyntaxError};
pub use plans::SOURCE;

/// One region's numbering plan (format 4 of libphonenumber-js's metadata), read from a
/// line of `plans::PLANS`.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// ISO 3166-1 alpha-2, or "001" for a non-geographic code (+800…).
    pub region: &'static str,
    pub code: &'static str,
    /// International dialling prefix (a pattern): "00", "011"…
    pub idd: &'static str,
    /// Every national number of the region matches it.
    pub pattern: &'static str,
    /// Possible national lengths, ascending, comma-separated.
    lengths: &'static str,
    pub national_prefix: &'static str,
    /// What a national number may start with before its significant digits (a pattern).
    pub prefix_for_parsing: &'static str,
    /// Replaces the matched prefix when it captured something (`$1`, `$2`).
    pub transform: &'static str,
    /// Numbers starting with this (a pattern) belong to this region of a shared code.
    pub leading: &'static str,
    /// Empty when the metadata gives no type patterns; else `*` and `pattern=lengths`
    /// items joined by `/` (then validity is decided by them).
    types: &'static str,
}

impl Plan {
    fn read(line: &'static str) -> Option<Plan> {
        let mut f = line.split(';');
        let mut next = || f.next();
        Some(Plan {
            region: next()?,
            code: next()?,
            idd: next()?,
            pattern: next()?,
            lengths: next()?,
            national_prefix: next()?,
            prefix_for_parsing: next()?,
            transform: next()?,
            leading: next()?,
            types: next()?,
        })
    }

    /// Possible national lengths, ascending.
    pub fn lengths(&self) -> impl Iterator<Item = usize> {
        numbers(self.lengths)
    }

    pub fn has_types(&self) -> bool {
        self.types.starts_with('*')
    }

    /// The type patterns (fixed line, mobile, toll free…) with their lengths.
    pub fn types(&self) -> impl Iterator<Item = (&'static str, &'static str)> {
        let list = self.types.strip_prefix('*').unwrap_or("");
        list.split('/').filter(|t| !t.is_empty()).map(|t| t.split_once('=').unwrap_or((t, "")))
    }
}

fn numbers(list: &str) -> impl Iterator<Item = usize> + '_ {
    list.split(',').filter_map(|n| n.parse().ok())
}

/// Every plan, grouped by calling code (main region first).
pub fn plans() -> impl Iterator<Item = Plan> {
    all_plans().iter().copied()
}

/// The plans read from the text once (a few kilobytes of slices into it), so that a lookup
/// walks 254 small values instead of 90 KB of text.
fn all_plans() -> &'static [Plan] {
    static PLANS: std::sync::OnceLock<Vec<Plan>> = std::sync::OnceLock::new();
    PLANS.get_or_init(|| plans::PLANS.lines().filter_map(Plan::read).collect())
}

/// A region named by `defaultCountry` (ISO 3166-1 alpha-2, any case).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region(Plan);

impl Region {
    pub fn parse(code: &str) -> Option<Region> {
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
            return None;
        }
        plans().find(|p| p.region.eq_ignore_ascii_case(code)).map(Region)
    }

    /// The ISO code, upper case.
    pub fn iso(self) -> &'static str {
        self.0.region
    }

    pub fn calling_code(self) -> &'static str {
        self.0.code
    }
}

impl PartialEq for Plan {
    fn eq(&self, other: &Plan) -> bool {
        self.region == other.region && self.code == other.code
    }
}
impl Eq for Plan {}

/// Most compiled patterns kept: a few countries' worth (a region has about a dozen).
const CACHED_PATTERNS: usize = 256;

thread_local! {
    /// Compiled metadata patterns, by the address of their text in `plans::PLANS` (each
    /// compiled once instead of on every phone); emptied when full.
    static COMPILED: std::cell::RefCell<std::collections::BTreeMap<(usize, usize), std::rc::Rc<Pattern>>> =
        const { std::cell::RefCell::new(std::collections::BTreeMap::new()) };
}

/// The compiled form of one of the metadata's patterns (None for one it cannot read).
fn compiled(pattern: &'static str) -> Option<std::rc::Rc<Pattern>> {
    let key = (pattern.as_ptr() as usize, pattern.len());
    COMPILED.with(|cache| {
        if let Some(p) = cache.borrow().get(&key) {
            return Some(p.clone());
        }
        let p = std::rc::Rc::new(Pattern::compile(pattern).ok()?);
        let mut cache = cache.borrow_mut();
        if cache.len() >= CACHED_PATTERNS {
            cache.clear();
        }
        cache.insert(key, p.clone());
        Some(p)
    })
}

fn matches_entirely(text: &str, pattern: &'static str) -> bool {
    compiled(pattern).is_some_and(|p| p.matches_entirely(text))
}

/// `search(pattern) === 0`: a match starting at the first digit.
fn starts_with_match(text: &str, pattern: &'static str) -> bool {
    compiled(pattern).and_then(|p| p.match_prefix(text)).is_some()
}

fn plans_of(code: &str) -> impl Iterator<Item = Plan> + '_ {
    plans().filter(move |p| p.code == code)
}

fn main_plan(code: &str) -> Option<Plan> {
    plans_of(code).next()
}

#[derive(Debug, PartialEq, Eq)]
enum Length {
    Possible,
    TooShort,
    TooLong,
    Invalid,
}

/// checkNumberLength without a type.
fn check_length(national: &str, plan: &Plan) -> Length {
    let n = national.len();
    let (Some(min), Some(max)) = (plan.lengths().next(), plan.lengths().last()) else { return Length::Possible };
    if n == min {
        Length::Possible
    } else if n < min {
        Length::TooShort
    } else if n > max {
        Length::TooLong
    } else if plan.lengths().any(|l| l == n) {
        Length::Possible
    } else {
        Length::Invalid
    }
}

/// getNumberType(...) !== undefined.
fn has_type(national: &str, plan: &Plan) -> bool {
    matches_entirely(national, plan.pattern)
        && plan.types().any(|(p, lengths)| numbers(lengths).any(|l| l == national.len()) && matches_entirely(national, p))
}

/// getCountryByCallingCode: the region of a shared code that `national` belongs to.
fn region_of(code: &str, national: &str) -> Option<Plan> {
    let mut regions = plans_of(code).peekable();
    let first = regions.next()?;
    if regions.peek().is_none() {
        return Some(first);
    }
    core::iter::once(first).chain(regions).find(|plan| {
        if plan.leading.is_empty() {
            has_type(national, plan)
        } else {
            starts_with_match(national, plan.leading)
        }
    })
}

/// extractNationalNumberFromPossiblyIncompleteNumber: strips a national prefix (and
/// carrier code) per the plan, applying its transform rule.
fn strip_national_prefix(number: &str, plan: &Plan) -> String {
    if number.is_empty() || plan.prefix_for_parsing.is_empty() {
        return number.to_owned();
    }
    let Some(p) = compiled(plan.prefix_for_parsing) else { return number.to_owned() };
    let Some(m) = p.match_prefix(number) else { return number.to_owned() };
    let text = |g: Option<(usize, usize)>| g.and_then(|(a, b)| number.get(a..b)).unwrap_or("");
    // "hasCapturedGroups": the last group captured something.
    let last_captured = m.groups.last().is_some_and(|g| !text(*g).is_empty());
    let rest = number.get(m.end..).unwrap_or("");
    if !plan.transform.is_empty() && last_captured {
        let mut out = String::new();
        let mut chars = plan.transform.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('$', Some(d)) if d >= 1 => {
                    chars.next();
                    out.push_str(text(m.groups.get(d as usize - 1).copied().flatten()));
                }
                _ => out.push(c),
            }
        }
        out + rest
    } else {
        rest.to_owned()
    }
}

/// extractNationalNumber: the prefix is stripped only when that leaves a plausible number.
fn extract_national(number: &str, plan: &Plan) -> String {
    let national = strip_national_prefix(number, plan);
    if national != number {
        if matches_entirely(number, plan.pattern) && !matches_entirely(&national, plan.pattern) {
            return number.to_owned();
        }
        if plan.lengths().next().is_some() {
            let plan = region_of(plan.code, &national).unwrap_or(*plan);
            if matches!(check_length(&national, &plan), Length::TooShort | Length::Invalid) {
                return number.to_owned();
            }
        }
    }
    national
}

/// A number as libphonenumber reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub code: &'static str,
    pub national: String,
    /// The region when it could be told (None for a shared code's unknown range or a
    /// non-geographic code).
    pub region: Option<Plan>,
}

impl Parsed {
    /// E.164 digits, without `+`.
    pub fn e164(&self) -> String {
        [self.code, self.national.as_str()].concat()
    }

    fn plan(&self) -> Option<Plan> {
        self.region.or_else(|| main_plan(self.code))
    }

    /// isPossible: the national length is one the plan allows.
    pub fn is_possible(&self) -> bool {
        self.plan().is_some_and(|p| check_length(&self.national, &p) == Length::Possible)
    }

    /// isValid: the number matches its plan (its type patterns where the metadata has them).
    pub fn is_valid(&self) -> bool {
        self.plan().is_some_and(|p| if p.has_types() { has_type(&self.national, &p) } else { matches_entirely(&self.national, p.pattern) })
    }
}

/// The longest calling code a number can start with.
const MAX_CODE_DIGITS: usize = 3;

/// libphonenumber's parse of `digits` (digits only), international when `plus`; else
/// national for `default` (None without one). `None` when it reads no number.
pub fn parse(digits: &str, plus: bool, default: Option<Region>) -> Option<Parsed> {
    let mut number = digits.to_owned();
    let mut international = plus;
    if !plus {
        if let Some(Region(plan)) = default {
            // stripIddPrefix: an international prefix makes it international, unless a 0
            // follows it.
            let idd = compiled(plan.idd).and_then(|p| p.match_prefix(&number)).map(|m| m.end);
            match idd.and_then(|end| number.get(end..)) {
                Some(rest) if !rest.is_empty() && !rest.starts_with('0') && rest != number => {
                    number = rest.to_owned();
                    international = true;
                }
                _ => {
                    if let Some(shorter) = without_own_code(&number, &plan) {
                        return finish(plan.code, &main_plan(plan.code)?, shorter, None);
                    }
                }
            }
        }
    }
    if international {
        if number.starts_with('0') {
            return None;
        }
        for len in 1..=MAX_CODE_DIGITS.min(number.len()) {
            let code = number.get(..len)?;
            if let Some(plan) = main_plan(code) {
                return finish(plan.code, &plan, number.get(len..)?, None);
            }
        }
        return None;
    }
    let Region(plan) = default?;
    finish(plan.code, &plan, &number, Some(plan))
}

/// extractCountryCallingCodeFromInternationalNumberWithoutPlusSign: a national number that
/// starts with the region's own calling code and only makes sense without it.
fn without_own_code<'n>(number: &'n str, plan: &Plan) -> Option<&'n str> {
    let shorter = number.strip_prefix(plan.code)?;
    let national_shorter = extract_national(shorter, plan);
    let national = extract_national(number, plan);
    let pick = (!matches_entirely(&national, plan.pattern) && matches_entirely(&national_shorter, plan.pattern))
        || check_length(&national, plan) == Length::TooLong;
    pick.then_some(shorter)
}

/// The rest of parsePhoneNumber: the national number, its region, and parse's length checks.
fn finish(code: &'static str, plan: &Plan, number: &str, default: Option<Plan>) -> Option<Parsed> {
    let national = extract_national(number, plan);
    // A national reading keeps the default region when no region of the code claims it.
    let region = region_of(code, &national).or(default);
    if !(2..=17).contains(&national.len()) {
        return None;
    }
    Some(Parsed { code, national, region })
}

/// Why a phone was not read; the text is a validation issue's message.
pub type Problem = String;

/// E.164 allows 15 digits with the country code.
const MAX_E164_DIGITS: usize = 15;

const ADD_CODE: &str = "write it with + and its country code (e.g. +55 11 99999-9999), or set the client's defaultCountry (e.g. \"BR\") to say how to read numbers written without one";

/// Reads a phone the caller wrote (digits with `+`, `00`, spaces, dashes, dots, brackets)
/// into E.164 digits, or says why it is not sent.
pub fn read(input: &str, default: Option<Region>) -> Result<String, Problem> {
    let trimmed = input.trim_start();
    let mut digits = String::with_capacity(input.len());
    let mut plus = false;
    let mut brackets = false;
    for (i, c) in trimmed.char_indices() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => plus = true,
            '(' | ')' => brackets = true,
            ' ' | '-' | '.' => {}
            _ => return Err("must be a phone number: digits with an optional leading + or 00, spaces, dashes, dots or brackets".to_owned()),
        }
    }
    if digits.is_empty() {
        return Err("must contain digits".to_owned());
    }
    if digits.len() > 17 + MAX_CODE_DIGITS + 2 {
        return Err("is longer than any phone number (E.164 allows 15 digits with the country code)".to_owned());
    }
    // `00` is the international prefix across most of the world.
    if !plus {
        if let Some(rest) = digits.strip_prefix("00") {
            digits = rest.to_owned();
            plus = true;
        }
    }
    let e164 = if plus { read_international(&digits)? } else { read_bare(&digits, brackets, default)? };
    if e164.len() > MAX_E164_DIGITS {
        return Err("has more than 15 digits with its country code (E.164 allows at most 15)".to_owned());
    }
    Ok(e164)
}

/// `+…` or `00…`: the country code is given, the length must fit its plan.
fn read_international(digits: &str) -> Result<String, Problem> {
    if digits.starts_with('0') {
        return Err("has a 0 where the country code should be: country codes never start with 0 (e.g. +55 11 99999-9999)".to_owned());
    }
    let Some(parsed) = parse(digits, true, None) else {
        return Err("does not start with a country calling code that exists (e.g. +55 for Brazil, +1 for the US and Canada)".to_owned());
    };
    if parsed.is_possible() {
        return Ok(parsed.e164());
    }
    let plan = parsed.plan();
    let mut m = String::from("has ");
    m.push_str(&crate::text::uint(parsed.national.len() as u64));
    m.push_str(" digits after +");
    m.push_str(parsed.code);
    m.push_str(", but numbers there have ");
    let lengths: Vec<String> = plan.iter().flat_map(Plan::lengths).map(|l| crate::text::uint(l as u64)).collect();
    match lengths.split_last() {
        Some((last, [])) => m.push_str(last),
        Some((last, rest)) => {
            m.push_str(&rest.join(", "));
            m.push_str(" or ");
            m.push_str(last);
        }
        None => m.push_str("other lengths"),
    }
    m.push_str(": check the digits");
    Err(m)
}

/// The international reading of bare digits: valid, and read without changing a digit.
fn bare_international(digits: &str) -> Option<String> {
    let parsed = parse(digits, true, None)?;
    (parsed.e164() == digits && parsed.is_valid()).then(|| parsed.e164())
}

fn read_bare(digits: &str, brackets: bool, default: Option<Region>) -> Result<String, Problem> {
    let international = if brackets || digits.starts_with('0') { None } else { bare_international(digits) };
    let Some(region) = default else {
        return international.ok_or_else(|| {
            let why = if brackets {
                "is written the national way (an area code in brackets): "
            } else if digits.starts_with('0') {
                "starts with 0, a trunk prefix of national numbers: "
            } else {
                "is not a valid international number: "
            };
            [why, ADD_CODE].concat()
        });
    };
    let national = parse(digits, false, Some(region)).filter(Parsed::is_valid).map(|p| p.e164());
    match (national, international) {
        (Some(n), Some(i)) if n != i => Err([
            "could be +",
            &n,
            " (read as a number of ",
            region.iso(),
            ", the defaultCountry) or +",
            &i,
            ": write it with + and its country code",
        ]
        .concat()),
        (Some(n), _) => Ok(n),
        (None, Some(i)) => Ok(i),
        (None, None) => Err([
            "is neither a valid number of ",
            region.iso(),
            " (the defaultCountry) nor a valid international number: check the digits, or write it with + and its country code",
        ]
        .concat()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn br() -> Option<Region> {
        Region::parse("BR")
    }

    #[test]
    fn every_pattern_of_the_table_compiles() {
        assert!(plans().count() > 240);
        for p in plans() {
            for pat in [p.idd, p.pattern, p.prefix_for_parsing, p.leading].into_iter().chain(p.types().map(|t| t.0)) {
                assert!(Pattern::compile(pat).is_ok(), "{} {pat:?}", p.region);
            }
            let lengths: Vec<usize> = p.lengths().collect();
            assert!(!lengths.is_empty() && lengths.windows(2).all(|w| w[0] < w[1]), "{}", p.region);
            for (_, l) in p.types() {
                assert!(numbers(l).count() > 0, "{}", p.region);
            }
        }
    }

    #[test]
    fn the_issue_examples() {
        // A São Paulo mobile written the national way is not +1 199…
        assert!(read("(11) 99999-9999", None).is_err());
        assert!(read("11999999999", None).is_err());
        // San Francisco without its country code is not +41 5555 0100.
        assert!(read("4155550100", None).is_err());
        assert_eq!(read("(11) 99999-9999", br()), Ok("5511999999999".into()));
        assert_eq!(read("+1 415 555 0100", br()), Ok("14155550100".into()));
        assert_eq!(read("+55 (11) 99999-9999", None), Ok("5511999999999".into()));
        assert_eq!(read("5511999999999", None), Ok("5511999999999".into()));
        assert_eq!(read("0055 11 99999 9999", None), Ok("5511999999999".into()));
        assert_eq!(read("14155550100", None), Ok("14155550100".into()));
    }

    #[test]
    fn a_local_number_without_its_area_code_is_not_guessed() {
        // Valid by Brazil's general pattern, but neither a mobile nor a fixed line there:
        // the area code is missing. libphonenumber's full metadata says so.
        assert!(read("99999-9999", br()).is_err());
        assert!(read("3333-4444", br()).is_err());
        assert_eq!(read("(11) 3333-4444", br()), Ok("551133334444".into()));
    }

    #[test]
    fn trunk_prefixes() {
        // libphonenumber drops the trunk 0 written after a country code.
        assert_eq!(read("+44 (0)20 7946 0000", None), Ok("442079460000".into()));
        assert!(read("020 7946 0000", None).unwrap_err().contains("trunk prefix"));
        assert_eq!(read("020 7946 0000", Region::parse("gb")), Ok("442079460000".into()));
        // Brazil's carrier-selection prefix (0 + carrier + area code) is dropped too.
        assert_eq!(read("0 21 11 99999-9999", br()), Ok("5511999999999".into()));
    }

    #[test]
    fn ambiguity_is_an_issue() {
        // A mobile in Minas Gerais, (33) 98888-7777, or a French number without its +.
        let e = read("33988887777", br()).unwrap_err();
        assert!(e.contains("+5533988887777") && e.contains("+33988887777"), "{e}");
        assert_eq!(read("(33) 98888-7777", br()), Ok("5533988887777".into()), "brackets say national");
        // Not a valid Brazilian number (no area code starts a mobile with 1): San Francisco.
        assert_eq!(read("14155550100", br()), Ok("14155550100".into()));
        // The national reading that repeats the country code is the same number.
        assert_eq!(read("5511999999999", br()), Ok("5511999999999".into()));
    }

    #[test]
    fn possible_lengths_for_plus_numbers() {
        let e = read("+55 11 9999", None).unwrap_err();
        assert_eq!(e, "has 6 digits after +55, but numbers there have 8, 9, 10 or 11: check the digits");
        assert!(read("+0 11 99999 9999", None).is_err());
        assert!(read("+999 1234567", None).is_err());
    }

    #[test]
    fn odd_text_is_refused_without_panicking() {
        for s in ["", "+", "++55", "55+11", "abc", "55 11\t9", "١٢٣", "(((", "0", "00", "+00"] {
            assert!(read(s, None).is_err(), "{s:?}");
            let _ = read(s, br());
        }
        assert!(read(&"9".repeat(30), None).is_err());
    }

    #[test]
    fn regions() {
        assert_eq!(Region::parse("br").map(Region::iso), Some("BR"));
        assert_eq!(Region::parse("US").map(Region::calling_code), Some("1"));
        for bad in ["", "B", "BRA", "ZZ", "001", "b1"] {
            assert!(Region::parse(bad).is_none(), "{bad}");
        }
    }
}
