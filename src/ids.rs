//! Typed identifiers, parsed once from every form either provider documents and
//! rendered in the form each provider wants. A value that passed parsing is never
//! re-checked deeper in.

use crate::phone::Region;

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

const GROUP_ID_HELP: &str = "must be a group id such as 120363019502650977@g.us, 120363019502650977-group or 5511999999999-1623281429";

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
            Some((creator, created)) if all_digits(creator) && !creator.starts_with('0') && (7..=15).contains(&creator.len()) && all_digits(created) && (1..=12).contains(&created.len()) => {
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
        let body = input.strip_suffix(GROUP_SUFFIX).or_else(|| input.strip_suffix(ZAPI_GROUP_SUFFIX)).unwrap_or(input);
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
    /// Reads a phone the caller wrote: `+55 (11) 99999-9999`, `0055 11 …`, bare digits
    /// that form a valid international number, a JID `…@s.whatsapp.net` / `…@c.us`, or,
    /// with `default_country`, a number written the national way. Anything that could
    /// mean another number is refused with the reason (see `crate::phone::read`).
    pub fn parse(input: &str, default_country: Option<Region>) -> Result<Phone, String> {
        if input.is_empty() {
            return Err("is required".to_owned());
        }
        if input.ends_with("@lid") {
            return Err("is a @lid id, not a phone number; this call takes phone numbers only".to_owned());
        }
        if input.ends_with(GROUP_SUFFIX) {
            return Err("is a group id, not a phone number".to_owned());
        }
        if let Some(user) = input.strip_suffix("@s.whatsapp.net").or_else(|| input.strip_suffix("@c.us")) {
            // A JID is WhatsApp's own id of an account: its user part is the number in
            // international form already. A device suffix (`:12`) is not a phone.
            return if all_digits(user) && !user.starts_with('0') && (7..=15).contains(&user.len()) {
                Ok(Phone(user.to_owned()))
            } else {
                Err("must be a phone number such as 5511999999999@s.whatsapp.net: 7 to 15 digits, the country code first".to_owned())
            };
        }
        crate::phone::read(input, default_country).map(Phone)
    }

    /// Canonical and wire form for both providers: digits only.
    pub fn digits(&self) -> &str {
        &self.0
    }
}

/// A WhatsApp "linked id" (`…@lid`): an account's id that hides its phone number, as
/// gateways list join requests and some members.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Lid(String);

impl Lid {
    pub fn parse(input: &str) -> Result<Lid, &'static str> {
        match input.strip_suffix("@lid") {
            Some(d) if all_digits(d) && !d.starts_with('0') && (6..=MAX_ID_DIGITS).contains(&d.len()) => Ok(Lid(input.to_owned())),
            _ => Err("must be a linked id such as 199789077627112@lid"),
        }
    }

    /// Canonical and wire form: `…@lid`.
    pub fn jid(&self) -> &str {
        &self.0
    }
}

/// Someone a participants call is about: a phone, or, where the gateway takes one, a
/// linked id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Participant {
    Phone(Phone),
    Lid(Lid),
}

impl Participant {
    /// The form both gateways take and results carry: digits, or `…@lid`.
    pub fn canonical(&self) -> &str {
        match self {
            Participant::Phone(p) => &p.0,
            Participant::Lid(l) => &l.0,
        }
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
        let code = input.strip_prefix(INVITE_PREFIX).or_else(|| input.strip_prefix("http://chat.whatsapp.com/")).or_else(|| input.strip_prefix("chat.whatsapp.com/")).unwrap_or(input);
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
    let user = raw.strip_suffix("@s.whatsapp.net").or_else(|| raw.strip_suffix("@c.us")).unwrap_or(raw);
    let user = user.strip_prefix('+').unwrap_or(user);
    // Gateways send digits; a formatted number (`55 11 99999-9999`) reads the same.
    let digits: String = user.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
    if all_digits(&digits) && !digits.starts_with('0') && digits.len() <= 15 {
        digits
    } else {
        raw.to_owned()
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
            "",
            " 120363019502650977@g.us",
            "120363019502650977@g.us ",
            "12036301950265097a-group",
            "../120363019502650977",
            "120363019502650977?x=1",
            "120363019502650977#",
            "120363019502650977\n",
            "120363019502650977@s.whatsapp.net",
            "5511999999999-1623281429-group",
            "-1623281429",
            "5511999999999-",
            "1@g.us",
            "120363019502650977-group@g.us",
            "000000",
            "0120363019502650977@g.us",
            "05511999999999-1623281429",
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
        for s in ["5511999999999", "+5511999999999", "+55 (11) 99999-9999", "55 11 99999 9999", "5511999999999@s.whatsapp.net", "5511999999999@c.us", "55.11.99999.9999", "0055 11 99999 9999"] {
            assert_eq!(Phone::parse(s, None).map(|p| p.0), Ok("5511999999999".to_owned()), "{s}");
        }
        for s in [
            "",
            "abc",
            "+",
            "++5511999999999",
            "55+11999999999",
            "05511999999999",
            "123",
            "1234567890123456",
            "5511999999999@lid",
            "120363019502650977@g.us",
            "5511999999999:3@s.whatsapp.net",
            "55 11\t99999",
            "5511999999999@s.whatsapp.net ",
            "(11) 99999-9999",
            "4155550100",
        ] {
            assert!(Phone::parse(s, None).is_err(), "accepted {s:?}");
        }
        let br = Region::parse("BR");
        assert_eq!(Phone::parse("(11) 99999-9999", br).map(|p| p.0), Ok("5511999999999".to_owned()));
        assert_eq!(Phone::parse("+1 415 555 0100", br).map(|p| p.0), Ok("14155550100".to_owned()));
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
        fn formatted_phones_parse_to_their_digits(
            d in "(55[1-9][1-9]9[0-9]{8}|1[2-9][0-9]{2}[2-9][0-9]{6}|44[1-9][0-9]{9}|[1-9][0-9]{6,14})",
            seps in proptest::collection::vec("[ .-]{0,2}", 16),
        ) {
            // Spaces, dots and dashes never change what a number means.
            let mut s = String::from("+");
            for (i, c) in d.chars().enumerate() {
                s.push_str(&seps[i]);
                s.push(c);
            }
            prop_assert_eq!(Phone::parse(&s, None), Phone::parse(&["+", &d].concat(), None));
            let jid = d.clone() + "@s.whatsapp.net";
            prop_assert_eq!(Phone::parse(&jid, None).unwrap().digits().to_owned(), d);
        }

        #[test]
        fn a_number_accepted_bare_means_the_same_with_plus(d in "[1-9][0-9]{6,14}", region in "(BR|US|GB|DE|IN|PT|AR|MX)") {
            if let Ok(p) = Phone::parse(&d, None) {
                prop_assert_eq!(p.digits(), d.as_str());
                prop_assert_eq!(Phone::parse(&["+", &d].concat(), None), Ok(p));
            }
            // With a defaultCountry, a + number is read the same as without one.
            let plus = ["+", &d].concat();
            prop_assert_eq!(Phone::parse(&plus, Region::parse(&region)), Phone::parse(&plus, None));
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
            if let Ok(p) = Phone::parse(&s, None).or_else(|_| Phone::parse(&s, Region::parse("BR"))) {
                prop_assert!(p.digits().bytes().all(|b| b.is_ascii_digit()));
            }
        }
    }
}
