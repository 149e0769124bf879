//! Typed identifiers, parsed once from every form either provider documents and
//! rendered in the form each provider wants. A value that passed parsing is never
//! re-checked deeper in.

/// Why an id did not parse; becomes a validation issue's message.
pub type IdError = &'static str;

const GROUP_SUFFIX: &str = "@g.us";
const ZAPI_GROUP_SUFFIX: &str = "-group";

/// New-style group and community ids are only digits; their length has varied over
/// the years (16 to 20 seen in the providers' documents), so only bound it loosely.
const MIN_ID_DIGITS: usize = 6;
const MAX_ID_DIGITS: usize = 32;

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Digits of a plausible id: no leading zero (ids are numbers), loosely bounded length.
fn id_digits_ok(s: &str) -> bool {
    all_digits(s) && !s.starts_with('0') && (MIN_ID_DIGITS..=MAX_ID_DIGITS).contains(&s.len())
}

/// A WhatsApp group, in one of its two id generations.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum GroupId {
    /// Since November 2021: `120363019502650977@g.us`.
    New(String),
    /// Before: creator phone and creation time, `5511999999999-1623281429@g.us`.
    Old { creator: String, created: String },
}

const GROUP_ID_HELP: &str =
    "must be a group id such as 120363019502650977@g.us, 120363019502650977-group or 5511999999999-1623281429";

impl GroupId {
    /// Accepts `…@g.us`, Z-API's `…-group`, bare digits, and old-style `phone-time`
    /// (with or without `@g.us`).
    pub fn parse(input: &str) -> Result<GroupId, IdError> {
        if input.is_empty() {
            return Err("is required");
        }
        if let Some(digits) = input.strip_suffix(ZAPI_GROUP_SUFFIX) {
            return if id_digits_ok(digits) { Ok(GroupId::New(digits.to_owned())) } else { Err(GROUP_ID_HELP) };
        }
        let body = input.strip_suffix(GROUP_SUFFIX).unwrap_or(input);
        if id_digits_ok(body) {
            return Ok(GroupId::New(body.to_owned()));
        }
        match body.split_once('-') {
            Some((creator, created))
                if all_digits(creator)
                    && !creator.starts_with('0')
                    && (7..=15).contains(&creator.len())
                    && all_digits(created)
                    && (1..=12).contains(&created.len()) =>
            {
                Ok(GroupId::Old { creator: creator.to_owned(), created: created.to_owned() })
            }
            _ => Err(GROUP_ID_HELP),
        }
    }

    /// Like `parse`, but only the forms that say "group" on their own (`…@g.us`,
    /// `…-group`, old-style `phone-time`): bare digits could be a person's phone.
    pub fn parse_marked(input: &str) -> Result<GroupId, IdError> {
        let marked = input.ends_with(GROUP_SUFFIX) || input.ends_with(ZAPI_GROUP_SUFFIX) || input.contains('-');
        if marked {
            GroupId::parse(input)
        } else {
            Err(GROUP_ID_HELP)
        }
    }

    /// The id without any suffix: `120363019502650977` or `5511999999999-1623281429`.
    pub fn bare(&self) -> String {
        match self {
            GroupId::New(d) => d.clone(),
            GroupId::Old { creator, created } => [creator.as_str(), "-", created.as_str()].concat(),
        }
    }

    /// Canonical form, used in every result: the JID.
    pub fn jid(&self) -> String {
        self.bare() + GROUP_SUFFIX
    }

    /// Z-API's form: `…-group` for new ids, `phone-time` for old ones.
    pub fn zapi(&self) -> String {
        match self {
            GroupId::New(d) => [d.as_str(), ZAPI_GROUP_SUFFIX].concat(),
            GroupId::Old { .. } => self.bare(),
        }
    }
}

/// A community. Communities only exist since 2022, so only new-style ids are valid.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CommunityId(String);

const COMMUNITY_ID_HELP: &str = "must be a community id such as 120363186053925765 or 120363186053925765@g.us";

impl CommunityId {
    /// Accepts bare digits (Z-API's form), `…@g.us` (RyzeAPI's) and `…-group`.
    pub fn parse(input: &str) -> Result<CommunityId, IdError> {
        if input.is_empty() {
            return Err("is required");
        }
        let body = input
            .strip_suffix(GROUP_SUFFIX)
            .or_else(|| input.strip_suffix(ZAPI_GROUP_SUFFIX))
            .unwrap_or(input);
        if id_digits_ok(body) {
            Ok(CommunityId(body.to_owned()))
        } else {
            Err(COMMUNITY_ID_HELP)
        }
    }

    pub fn digits(&self) -> &str {
        &self.0
    }

    pub fn jid(&self) -> String {
        [self.0.as_str(), GROUP_SUFFIX].concat()
    }

    /// The community's own group id (the community is a group JID).
    pub fn as_group(&self) -> GroupId {
        GroupId::New(self.0.clone())
    }
}

/// A person's phone number in E.164 digits (country code first, no `+`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// Accepts `+55 (11) 99999-9999` style input (digits with `+`, spaces, dashes, dots
    /// and brackets) and JIDs `…@s.whatsapp.net` / `…@c.us`.
    pub fn parse(input: &str) -> Result<Phone, IdError> {
        if input.is_empty() {
            return Err("is required");
        }
        if input.ends_with("@lid") {
            return Err("is a @lid id, not a phone number; WhatsApp accepts only phone numbers here");
        }
        if input.ends_with(GROUP_SUFFIX) {
            return Err("is a group id, not a phone number");
        }
        let digits: String = if let Some(user) =
            input.strip_suffix("@s.whatsapp.net").or_else(|| input.strip_suffix("@c.us"))
        {
            // A JID's user part is bare digits; a device suffix (`:12`) is not a phone.
            if !all_digits(user) {
                return Err("must be a phone number such as 5511999999999 or 5511999999999@s.whatsapp.net");
            }
            user.to_owned()
        } else {
            let mut plus_allowed = true;
            let mut out = String::with_capacity(input.len());
            for c in input.chars() {
                match c {
                    '0'..='9' => {
                        out.push(c);
                        plus_allowed = false;
                    }
                    '+' if plus_allowed => plus_allowed = false,
                    ' ' | '-' | '.' | '(' | ')' => {}
                    _ => {
                        return Err("must be a phone number: digits with an optional leading +, spaces, dashes or brackets");
                    }
                }
            }
            out
        };
        if digits.is_empty() {
            return Err("must contain digits");
        }
        if digits.starts_with('0') {
            return Err("must start with the country code (E.164 numbers never start with 0)");
        }
        if digits.len() < 7 {
            return Err("is too short for a phone number with country code");
        }
        if digits.len() > 15 {
            return Err("has more than 15 digits (E.164 allows at most 15 including the country code)");
        }
        Ok(Phone(digits))
    }

    /// Canonical and wire form for both providers: digits only.
    pub fn digits(&self) -> &str {
        &self.0
    }
}

/// A WhatsApp group invite: the code at the end of `https://chat.whatsapp.com/<code>`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct InviteCode(String);

const INVITE_PREFIX: &str = "https://chat.whatsapp.com/";

impl InviteCode {
    /// Accepts the link (`https://chat.whatsapp.com/AbC…`, also without `https://` or with
    /// `http://`) or the bare code.
    pub fn parse(input: &str) -> Result<InviteCode, IdError> {
        let code = input
            .strip_prefix(INVITE_PREFIX)
            .or_else(|| input.strip_prefix("http://chat.whatsapp.com/"))
            .or_else(|| input.strip_prefix("chat.whatsapp.com/"))
            .unwrap_or(input);
        if input.is_empty() {
            Err("is required")
        } else if (6..=64).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
            Ok(InviteCode(code.to_owned()))
        } else {
            Err("must be an invite link such as https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd, or its code")
        }
    }

    pub fn code(&self) -> &str {
        &self.0
    }

    pub fn link(&self) -> String {
        [INVITE_PREFIX, self.0.as_str()].concat()
    }
}

/// Reads a participant id that came back from a provider into canonical digits, when it
/// is a phone; anything else (a `@lid`, an unexpected form) is kept as given so that no
/// participant is ever dropped from a result.
pub fn canonical_participant(raw: &str) -> String {
    match Phone::parse(raw) {
        Ok(p) => p.0,
        Err(_) => raw.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn group_forms() {
        let new = GroupId::New("120363019502650977".into());
        for s in ["120363019502650977-group", "120363019502650977@g.us", "120363019502650977"] {
            assert_eq!(GroupId::parse(s), Ok(new.clone()), "{s}");
        }
        assert_eq!(new.jid(), "120363019502650977@g.us");
        assert_eq!(new.zapi(), "120363019502650977-group");

        let old = GroupId::Old { creator: "5511999999999".into(), created: "1623281429".into() };
        for s in ["5511999999999-1623281429", "5511999999999-1623281429@g.us"] {
            assert_eq!(GroupId::parse(s), Ok(old.clone()), "{s}");
        }
        assert_eq!(old.jid(), "5511999999999-1623281429@g.us");
        assert_eq!(old.zapi(), "5511999999999-1623281429");
    }

    #[test]
    fn documented_seed_ids_parse() {
        // From the providers' examples: 16, 18 and 20 digit ids all occur.
        for s in ["1345353454354354-group", "1203634230225498-group", "120363406289005074@g.us"] {
            assert!(GroupId::parse(s).is_ok(), "{s}");
        }
        for s in ["98372465382764532938", "120363186053925765", "120363406289005073@g.us"] {
            assert!(CommunityId::parse(s).is_ok(), "{s}");
        }
    }

    #[test]
    fn group_rejects() {
        for s in [
            "", " 120363019502650977@g.us", "120363019502650977@g.us ", "12036301950265097a-group", "../120363019502650977",
            "120363019502650977?x=1", "120363019502650977#", "120363019502650977\n", "120363019502650977@s.whatsapp.net",
            "5511999999999-1623281429-group", "-1623281429", "5511999999999-", "1@g.us", "120363019502650977-group@g.us",
            "000000", "0120363019502650977@g.us", "05511999999999-1623281429",
        ] {
            assert!(GroupId::parse(s).is_err(), "accepted {s:?}");
        }
    }

    #[test]
    fn community_forms() {
        let c = CommunityId::parse("120363186053925765").unwrap();
        assert_eq!(CommunityId::parse("120363186053925765@g.us").unwrap(), c);
        assert_eq!(CommunityId::parse("120363186053925765-group").unwrap(), c);
        assert_eq!(c.jid(), "120363186053925765@g.us");
        assert_eq!(c.digits(), "120363186053925765");
        assert!(CommunityId::parse("5511999999999-1623281429").is_err());
        assert!(CommunityId::parse("abc").is_err());
    }

    #[test]
    fn phone_forms() {
        for s in ["5511999999999", "+5511999999999", "+55 (11) 99999-9999", "55 11 99999 9999", "5511999999999@s.whatsapp.net", "5511999999999@c.us", "55.11.99999.9999"] {
            assert_eq!(Phone::parse(s).map(|p| p.0), Ok("5511999999999".to_owned()), "{s}");
        }
        for s in ["", "abc", "+", "++5511999999999", "55+11999999999", "05511999999999", "123", "1234567890123456", "5511999999999@lid", "120363019502650977@g.us", "5511999999999:3@s.whatsapp.net", "55 11\t99999", "5511999999999@s.whatsapp.net "] {
            assert!(Phone::parse(s).is_err(), "accepted {s:?}");
        }
    }

    #[test]
    fn invite_forms() {
        let c = InviteCode::parse("https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd").unwrap();
        assert_eq!(c.code(), "C1adgkdEGki7554BWDdMkd");
        assert_eq!(c.link(), "https://chat.whatsapp.com/C1adgkdEGki7554BWDdMkd");
        assert_eq!(InviteCode::parse("C1adgkdEGki7554BWDdMkd").unwrap(), c);
        assert_eq!(InviteCode::parse("chat.whatsapp.com/C1adgkdEGki7554BWDdMkd").unwrap(), c);
        for bad in ["", "https://chat.whatsapp.com/", "https://evil.example/C1adgkdEGki7554BWDdMkd", "abc", "C1adgkdE Gki7554", "C1ad/../x", "C1adgkdEGki7554BWDdMkd?x=1"] {
            assert!(InviteCode::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn participants_from_providers_are_never_dropped() {
        assert_eq!(canonical_participant("5511999999999@s.whatsapp.net"), "5511999999999");
        assert_eq!(canonical_participant("123456789@lid"), "123456789@lid");
    }

    proptest! {
        #[test]
        fn new_group_round_trips(d in "[1-9][0-9]{5,31}") {
            let g = GroupId::parse(&d).unwrap();
            prop_assert_eq!(GroupId::parse(&g.jid()).unwrap(), g.clone());
            prop_assert_eq!(GroupId::parse(&g.zapi()).unwrap(), g.clone());
            prop_assert_eq!(g.bare(), d);
        }

        #[test]
        fn old_group_round_trips(p in "[1-9][0-9]{6,14}", t in "[0-9]{1,12}") {
            let s = [p.as_str(), "-", t.as_str()].concat();
            let g = GroupId::parse(&s).unwrap();
            prop_assert_eq!(GroupId::parse(&g.jid()).unwrap(), g.clone());
            prop_assert_eq!(GroupId::parse(&g.zapi()).unwrap(), g.clone());
            prop_assert_eq!(g.jid(), s + "@g.us");
        }

        #[test]
        fn community_round_trips(d in "[1-9][0-9]{5,31}") {
            let c = CommunityId::parse(&d).unwrap();
            prop_assert_eq!(CommunityId::parse(&c.jid()).unwrap(), c.clone());
            prop_assert_eq!(c.digits(), d.as_str());
        }

        #[test]
        fn formatted_phones_parse_to_their_digits(d in "[1-9][0-9]{6,14}", seps in proptest::collection::vec("[ ().-]{0,2}", 16), plus: bool) {
            let mut s = String::from(if plus { "+" } else { "" });
            for (i, c) in d.chars().enumerate() {
                s.push_str(&seps[i]);
                s.push(c);
            }
            prop_assert_eq!(Phone::parse(&s).unwrap().digits().to_owned(), d.clone());
            let jid = d.clone() + "@s.whatsapp.net";
            prop_assert_eq!(Phone::parse(&jid).unwrap().digits().to_owned(), d);
        }

        #[test]
        fn parsers_never_panic_and_accept_only_safe_text(s in "\\PC{0,40}|[\\x00-\\x7f]{0,40}") {
            // Whatever they accept renders without URL-structural characters.
            if let Ok(g) = GroupId::parse(&s) {
                prop_assert!(g.zapi().bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
                prop_assert!(g.jid().bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'@' || b == b'.'));
            }
            if let Ok(c) = CommunityId::parse(&s) {
                prop_assert!(c.digits().bytes().all(|b| b.is_ascii_digit()));
            }
            if let Ok(p) = Phone::parse(&s) {
                prop_assert!(p.digits().bytes().all(|b| b.is_ascii_digit()));
            }
        }
    }
}
