//! Turning a provider's refusal into an error kind, shared by both providers: the
//! status decides, except where a message says more (disconnected, "not allowed").

use crate::error::{Error, ErrorKind};
use crate::http::Response;
use crate::json::parse_u64;
use crate::provider::Provider;
use crate::text;

fn contains_ci(haystack: &str, needle: &str) -> bool {
    text::contains(&haystack.to_ascii_lowercase(), needle)
}

/// Messages by which either provider says the instance has no WhatsApp session.
pub fn says_disconnected(message: &str) -> bool {
    ["not connected", "disconnected", "need to restore the session", "instance is not ready"].iter().any(|n| contains_ci(message, n))
}

/// Messages by which a gateway says the connected number may not do this: it is not an
/// admin (or super admin), not a member, or the group does not allow it. RyzeAPI:
/// "Not authorized to reset group invite link (must be admin)", "Not allowed to leave this
/// group"; Z-API's tables: "Sem permissão" ("Apenas administradores podem …").
pub fn says_forbidden(message: &str) -> bool {
    [
        "not admin",
        "not an admin",
        "not a super admin",
        "not super admin",
        "must be admin",
        "must be an admin",
        "must be super",
        "not authorized to",
        "not allowed to",
        "sem permissão",
        "sem permissao",
        "apenas administradores",
        "only admins",
        "not a participant",
    ]
    .iter()
    .any(|n| contains_ci(message, n))
}

/// Z-API's answers when its account refuses the credentials: "null not allowed" (no
/// Client-Token sent while the account requires one) and "<ip> not allowed" (a caller
/// outside the account's IP allow-list). "Not allowed to …" is about the action, not them.
fn says_zapi_credentials_refused(message: &str) -> bool {
    let m = message.trim().to_ascii_lowercase();
    m.ends_with("not allowed") && !m.contains("not allowed to")
}

/// The instance named in the request does not exist: a wrong instance is a credential the
/// gateway refused, like a wrong token (both gateways answer it with 404).
fn says_wrong_instance(message: &str) -> bool {
    ["instance not found", "instância não encontrada", "instancia nao encontrada"].iter().any(|n| contains_ci(message, n))
}

/// A group, community or chat that does not exist, said with a status other than 404
/// (Z-API's docs give 400 "Grupo não encontrado" for leaving a group one is not in).
fn says_not_found(message: &str) -> bool {
    ["not found", "não encontrad", "nao encontrad"].iter().any(|n| contains_ci(message, n))
}

/// RyzeAPI's 403 for a token that is valid but not this instance's ("Instance token does
/// not match…"): refused credentials, unlike its 403s about admin rights.
fn says_wrong_owner(message: &str) -> bool {
    ["token", "unauthenticated", "credential", "does not match", "ownership"].iter().any(|n| contains_ci(message, n))
}

/// The error for a refusal: a non-2xx answer, or a 2xx whose body is an error.
/// `message` is what the provider said, if anything; `now_ms` dates `Retry-After`.
///
/// One kind means one thing on both gateways (docs/errors.md has the table):
/// - `auth`: the credentials were refused: 401, Z-API's "null not allowed" / "<ip> not
///   allowed", a 403 about the token, an instance that does not exist;
/// - `forbidden`: the credentials were accepted but the connected number may not do this:
///   any other 403, or a message saying so with another status (a 200 or a 400);
/// - `disconnected`, `not_found` (404, or a 400 saying "not found"), `rate_limited` (429),
///   else `provider`.
pub fn refusal(provider: Provider, resp: &Response, body: &str, message: Option<&str>, now_ms: Option<u64>) -> Error {
    let status = resp.status;
    let says = |f: fn(&str) -> bool| message.is_some_and(f);
    let kind = match status {
        // "Method not allowed" would otherwise read as a refusal of the credentials below.
        405 | 415 => ErrorKind::Provider,
        401 => ErrorKind::Auth,
        _ if provider == Provider::Zapi && says(says_zapi_credentials_refused) => ErrorKind::Auth,
        404 | 400 if says(says_wrong_instance) => ErrorKind::Auth,
        403 if says(says_forbidden) => ErrorKind::Forbidden,
        403 if says(says_wrong_owner) => ErrorKind::Auth,
        403 => ErrorKind::Forbidden,
        _ if says(says_disconnected) => ErrorKind::Disconnected,
        404 => ErrorKind::NotFound,
        429 => ErrorKind::RateLimited { retry_after_ms: retry_after_ms(resp, now_ms) },
        _ if says(says_forbidden) => ErrorKind::Forbidden,
        400 if says(says_not_found) => ErrorKind::NotFound,
        _ => ErrorKind::Provider,
    };
    let mut msg = String::from(provider.display());
    msg.push_str(" refused the request (HTTP ");
    msg.push_str(&text::uint(u64::from(status)));
    msg.push(')');
    match message {
        Some(m) if !m.trim().is_empty() => {
            msg.push_str(": ");
            msg.push_str(text::truncate_bytes(m.trim(), 500));
        }
        _ => match status {
            405 => msg.push_str(": wrong HTTP method for this endpoint"),
            415 => msg.push_str(": the request lacked Content-Type: application/json"),
            _ => {}
        },
    }
    Error::new(kind, msg).with_response(status, body)
}

/// Z-API's "null not allowed" means the account requires a Client-Token and none was
/// sent: say how to fix it.
pub fn explain_missing_client_token(e: Error, client_token_set: bool) -> Error {
    let missing = e.kind == ErrorKind::Auth && !client_token_set && contains_ci(&e.message, "null not allowed");
    if !missing {
        return e;
    }
    let message = [e.message.as_str(), " (the gateway wants a Client-Token: set clientToken to the account's security token)"].concat();
    Error { message, ..e }
}

/// A 2xx answer that does not have the documented shape.
pub fn undocumented(provider: Provider, resp: &Response, body: &str, what: &str) -> Error {
    let msg = [provider.display(), " answered with something it does not document: ", what].concat();
    Error::new(ErrorKind::Decode, msg).with_response(resp.status, body)
}

/// How long the provider asked us to wait: `Retry-After` (seconds or an HTTP date), else
/// RyzeAPI's `X-RateLimit-Reset` (a Unix time in seconds; small values read as seconds
/// from now, which other gateways send under the same name).
pub fn retry_after_ms(resp: &Response, now_ms: Option<u64>) -> Option<u64> {
    if let Some(v) = resp.header("retry-after") {
        if let Some(secs) = parse_u64(v) {
            return Some(secs.saturating_mul(1000));
        }
        if let (Some(at), Some(now)) = (crate::time::parse_http_date(v), now_ms) {
            return Some(at.saturating_sub(now));
        }
    }
    let reset = resp.header("x-ratelimit-reset").and_then(parse_u64)?;
    if reset >= 1_000_000_000 {
        now_ms.map(|now| reset.saturating_mul(1000).saturating_sub(now))
    } else {
        Some(reset.saturating_mul(1000))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(status: u16, message: Option<&str>) -> &'static str {
        refusal(Provider::Zapi, &Response::new(status, ""), "", message, None).kind.name()
    }

    #[test]
    fn statuses_and_messages() {
        assert_eq!(kind(401, None), "auth");
        assert_eq!(kind(403, Some("Instance token does not match")), "auth");
        assert_eq!(kind(400, Some("null not allowed")), "auth");
        assert_eq!(kind(403, Some("10.1.2.3 not allowed")), "auth");
        assert_eq!(kind(401, Some("[IP da chamada] not allowed")), "auth");
        // Admin rights are not credentials.
        assert_eq!(kind(403, None), "forbidden");
        assert_eq!(kind(403, Some("Sem permissão")), "forbidden");
        assert_eq!(kind(400, Some("You are not an admin of this group")), "forbidden");
        assert_eq!(kind(200, Some("Not authorized to reset group invite link (must be admin)")), "forbidden");
        assert_eq!(kind(403, Some("Not allowed to leave this group")), "forbidden");
        assert_eq!(kind(405, Some("Method Not Allowed")), "provider");
        assert_eq!(kind(415, None), "provider");
        assert_eq!(kind(404, None), "not_found");
        assert_eq!(kind(429, None), "rate_limited");
        assert_eq!(kind(400, Some("Instance is not connected to WhatsApp")), "disconnected");
        assert_eq!(kind(200, Some("You are not connected.")), "disconnected");
        assert_eq!(kind(503, Some("instance not connected")), "disconnected");
        assert_eq!(kind(401, Some("Instance disconnected")), "auth", "an explicit 401 is auth");
        assert_eq!(kind(404, Some("Group not found or you are not a member of this group")), "not_found");
        // Z-API's leave-group: 400 "Grupo não encontrado"; the same kind as RyzeAPI's 404.
        assert_eq!(kind(400, Some("Grupo não encontrado")), "not_found");
        assert_eq!(kind(400, Some("Group not found")), "not_found");
        // A wrong instance is a refused credential on both gateways.
        assert_eq!(kind(404, Some("Instance not found")), "auth");
        let ryze = refusal(Provider::Ryze, &Response::new(500, ""), "", Some("error parse community jid: not allowed"), None);
        assert_eq!(ryze.kind.name(), "provider", "\"not allowed\" is Z-API's wording only");
        assert_eq!(kind(400, Some("group jid is required")), "provider");
        assert_eq!(kind(500, Some("error parse community jid: bad")), "provider");
        assert_eq!(kind(502, None), "provider");
    }

    #[test]
    fn a_missing_client_token_says_how_to_fix_it() {
        let e = refusal(Provider::Zapi, &Response::new(400, ""), "", Some("null not allowed"), None);
        let fixed = explain_missing_client_token(e.clone(), false);
        assert!(fixed.message.ends_with("set clientToken to the account's security token)"), "{}", fixed.message);
        assert_eq!(explain_missing_client_token(e.clone(), true), e, "with a clientToken set, the token was wrong: no hint");
        let ip = refusal(Provider::Zapi, &Response::new(400, ""), "", Some("10.0.0.1 not allowed"), None);
        assert_eq!(explain_missing_client_token(ip.clone(), false), ip);
    }

    #[test]
    fn message_names_provider_status_and_text() {
        let e = refusal(Provider::Ryze, &Response::new(400, ""), "{}", Some("community jid is required"), None);
        assert_eq!(e.message, "RyzeAPI refused the request (HTTP 400): community jid is required");
        assert_eq!(e.status, Some(400));
        let e = refusal(Provider::Zapi, &Response::new(415, ""), "", None, None);
        assert!(e.message.contains("Content-Type"), "{}", e.message);
    }

    #[test]
    fn retry_after_forms() {
        let now = 784_111_777_000; // Sun, 06 Nov 1994 08:49:37 GMT
        let r = Response::new(429, "").with_header("Retry-After", "120");
        assert_eq!(retry_after_ms(&r, None), Some(120_000));
        let r = Response::new(429, "").with_header("retry-after", "Sun, 06 Nov 1994 08:50:07 GMT");
        assert_eq!(retry_after_ms(&r, Some(now)), Some(30_000));
        assert_eq!(retry_after_ms(&r, None), None);
        let now2026 = 1_795_381_200_000; // Sun, 22 Nov 2026 21:00:00 GMT
        let r = Response::new(429, "").with_header("X-RateLimit-Reset", "1795381260");
        assert_eq!(retry_after_ms(&r, Some(now2026)), Some(60_000));
        assert_eq!(retry_after_ms(&r, None), None, "an absolute reset needs a clock");
        let r = Response::new(429, "").with_header("X-RateLimit-Reset", "42");
        assert_eq!(retry_after_ms(&r, Some(now2026)), Some(42_000));
        let r = Response::new(429, "").with_header("X-RateLimit-Reset", "1795381000");
        assert_eq!(retry_after_ms(&r, Some(now2026)), Some(0), "a reset in the past means now");
        assert_eq!(retry_after_ms(&Response::new(429, ""), Some(now)), None);
        let r = Response::new(429, "").with_header("Retry-After", "soon");
        assert_eq!(retry_after_ms(&r, Some(now)), None);
    }
}
