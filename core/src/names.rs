//! Validation and case-insensitive comparison of the names the model holds:
//! e-mail addresses and user principal names, domains, domain prefixes,
//! resource groups, offers and display names.
//!
//! Sign-in names, e-mail addresses and domains compare case-insensitively
//! (DESIGN §2), and are kept exactly as they were given: a Microsoft account
//! created as `Sam@Northwind.com` is `msa:Sam@Northwind.com`, and
//! `msa:sam@northwind.com` finds it. The model accepts ASCII only in these names, as Entra ID does
//! for user principal names; internationalised domains are written in their
//! punycode (`xn--`) form. Display names (organisations, people, plans) may
//! hold any printable Unicode.

/// The suffix of every initial domain.
pub const INITIAL_DOMAIN_SUFFIX: &str = ".onmicrosoft.com";

/// The longest domain prefix Entra ID accepts for `<prefix>.onmicrosoft.com`.
pub const MAX_PREFIX_LEN: usize = 27;

/// The longest e-mail address or user principal name, per RFC 5321.
pub const MAX_ADDRESS_LEN: usize = 254;

const MAX_LOCAL_LEN: usize = 64;
const MAX_DOMAIN_LEN: usize = 253;
const MAX_LABEL_LEN: usize = 63;
const MAX_DISPLAY_NAME_LEN: usize = 256;
const MAX_RESOURCE_GROUP_LEN: usize = 90;

/// Why a name was refused; becomes the text of an `INVALID_NAME` error.
pub type Invalid = String;

/// Checks the local part of an address (`jane` in `jane@contoso.com`):
/// letters, digits and the characters Entra ID allows in a user principal
/// name (`' . - _ ! # ^ ~`, so an external member's `#EXT#` name is one),
/// plus `%` and `+` of e-mail addresses.
pub fn check_local_part(local: &str) -> Result<(), Invalid> {
    if local.is_empty() {
        return Err("the part before '@' is empty".into());
    }
    if local.len() > MAX_LOCAL_LEN {
        return Err(format!(
            "the part before '@' is longer than {MAX_LOCAL_LEN} characters"
        ));
    }
    if let Some(c) = local
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "._%+-'!#^~".contains(*c)))
    {
        return Err(format!(
            "'{c}' is not allowed before '@' (letters, digits and . _ % + - ' ! # ^ ~ are)"
        ));
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err("a '.' may not begin or end the part before '@', nor follow another".into());
    }
    if !local.chars().any(|c| c.is_ascii_alphanumeric()) {
        return Err("the part before '@' needs at least one letter or digit".into());
    }
    Ok(())
}

/// Checks a DNS domain name such as `contoso.com`.
pub fn check_domain(domain: &str) -> Result<(), Invalid> {
    if domain.is_empty() {
        return Err("the domain is empty".into());
    }
    if domain.len() > MAX_DOMAIN_LEN {
        return Err(format!(
            "the domain is longer than {MAX_DOMAIN_LEN} characters"
        ));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return Err(format!(
            "'{domain}' has no top-level domain (expected something like contoso.com)"
        ));
    }
    for label in &labels {
        if label.is_empty() {
            return Err(format!("'{domain}' has an empty label"));
        }
        if label.len() > MAX_LABEL_LEN {
            return Err(format!(
                "a label of '{domain}' is longer than {MAX_LABEL_LEN} characters"
            ));
        }
        if !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(format!(
                "'{domain}' may hold only letters, digits, '-' and '.'"
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!("a label of '{domain}' begins or ends with '-'"));
        }
    }
    let tld = labels.last().copied().unwrap_or_default();
    if tld.len() < 2 || tld.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("'{domain}' does not end in a top-level domain"));
    }
    Ok(())
}

/// Splits and checks an address `local@domain`.
pub fn split_address(address: &str) -> Result<(&str, &str), Invalid> {
    if address.len() > MAX_ADDRESS_LEN {
        return Err(format!(
            "the address is longer than {MAX_ADDRESS_LEN} characters"
        ));
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Err(format!(
            "'{address}' is not an address of the form name@domain"
        ));
    };
    check_local_part(local)?;
    check_domain(domain)?;
    Ok((local, domain))
}

/// Writes an address `local@domain`, both parts as given (Entra ID keeps
/// the case of a user principal name; comparisons ignore it).
pub fn address(local: &str, domain: &str) -> String {
    let mut out = String::with_capacity(local.len() + 1 + domain.len());
    out.push_str(local);
    out.push('@');
    out.push_str(domain);
    out
}

/// The FORMAT.md reference of the Microsoft account with this e-mail:
/// `msa:<e-mail>`, the e-mail as given.
pub fn microsoft_account(email: &str) -> String {
    let mut out = String::with_capacity(4 + email.len());
    out.push_str("msa:");
    out.push_str(email);
    out
}

/// Checks a domain prefix: 1–27 ASCII letters or digits.
pub fn check_prefix(prefix: &str) -> Result<(), Invalid> {
    if prefix.is_empty() || prefix.len() > MAX_PREFIX_LEN {
        return Err(format!(
            "a domain prefix has 1 to {MAX_PREFIX_LEN} characters; '{prefix}' has {}",
            prefix.chars().count()
        ));
    }
    if !prefix.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!(
            "a domain prefix holds only ASCII letters and digits; '{prefix}' does not"
        ));
    }
    Ok(())
}

/// The initial domain `<prefix>.onmicrosoft.com`, the prefix as given.
pub fn initial_domain(prefix: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + INITIAL_DOMAIN_SUFFIX.len());
    out.push_str(prefix);
    out.push_str(INITIAL_DOMAIN_SUFFIX);
    out
}

/// If `domain` is an initial domain, its prefix.
pub fn initial_prefix(domain: &str) -> Option<&str> {
    let cut = domain.len().checked_sub(INITIAL_DOMAIN_SUFFIX.len())?;
    let (prefix, suffix) = (domain.get(..cut)?, domain.get(cut..)?);
    suffix
        .eq_ignore_ascii_case(INITIAL_DOMAIN_SUFFIX)
        .then_some(prefix)
}

/// The prefix of the default directory an MSA gets on its first Azure
/// sign-up: the local part plus the first label of the domain, lower-cased,
/// letters and digits only (`msmith@hotmail.com` → `msmithhotmail`), cut to
/// leave room for `suffix_len` more characters.
pub fn default_directory_prefix(email: &str, suffix_len: usize) -> String {
    let (local, domain) = email.rsplit_once('@').unwrap_or((email, ""));
    let label = domain.split('.').next().unwrap_or_default();
    let room = MAX_PREFIX_LEN.saturating_sub(suffix_len);
    local
        .chars()
        .chain(label.chars())
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .take(room)
        .collect()
}

/// Checks a display name (an organisation, a person, a plan, a subscription).
pub fn check_display_name(what: &str, name: &str) -> Result<(), Invalid> {
    if name.trim().is_empty() {
        return Err(format!("{what} is empty"));
    }
    if name.chars().count() > MAX_DISPLAY_NAME_LEN {
        return Err(format!(
            "{what} is longer than {MAX_DISPLAY_NAME_LEN} characters"
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(format!("{what} holds a control character"));
    }
    Ok(())
}

/// Checks an Azure resource group name: 1–90 characters of letters, digits,
/// `.`, `_`, `-`, `(` and `)`, not ending in `.` (Azure Resource Manager's
/// rule, ASCII only here).
pub fn check_resource_group(name: &str) -> Result<(), Invalid> {
    if name.is_empty() || name.len() > MAX_RESOURCE_GROUP_LEN {
        return Err(format!(
            "a resource group name has 1 to {MAX_RESOURCE_GROUP_LEN} characters"
        ));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'(' | b')'))
    {
        return Err(format!(
            "resource group '{name}' may hold only letters, digits and . _ - ( )"
        ));
    }
    if name.ends_with('.') {
        return Err(format!("resource group '{name}' ends with '.'"));
    }
    Ok(())
}

/// Checks an Azure offer id (`MS-AZR-0003P`) and returns it upper-cased.
pub fn canonical_offer(offer: &str) -> Result<String, Invalid> {
    let upper = offer.to_ascii_uppercase();
    let digits = upper
        .strip_prefix("MS-AZR-")
        .and_then(|rest| rest.strip_suffix('P'));
    match digits {
        Some(d) if d.len() == 4 && d.chars().all(|c| c.is_ascii_digit()) => Ok(upper),
        _ => Err(format!(
            "'{offer}' is not an Azure offer id (expected MS-AZR-NNNNP, e.g. MS-AZR-0003P)"
        )),
    }
}

/// Offers sold through an Enterprise Agreement, which the Office 365 sign-up
/// path does not apply to (seed 000 note).
pub const ENTERPRISE_AGREEMENT_OFFERS: [&str; 2] = ["MS-AZR-0017P", "MS-AZR-0148P"];

/// Whether a canonical offer id is an Enterprise Agreement offer.
pub fn is_enterprise_agreement(offer: &str) -> bool {
    ENTERPRISE_AGREEMENT_OFFERS.contains(&offer)
}

/// A default display name for a new Azure subscription of this offer.
pub fn default_subscription_name(offer: &str) -> &'static str {
    match offer {
        "MS-AZR-0044P" => "Free Trial",
        "MS-AZR-0003P" => "Pay-As-You-Go",
        "MS-AZR-0017P" => "Enterprise Agreement",
        "MS-AZR-0148P" => "Enterprise Dev/Test",
        _ => "Azure subscription",
    }
}

/// Lower-cases the ASCII letters of eight bytes at once.
fn lower_word(w: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low7 = w & !HIGH;
    // 0x80 set in a byte above 'Z', and in a byte at or above 'A'.
    let above_z = low7.wrapping_add(0x2525_2525_2525_2525);
    let at_least_a = low7.wrapping_add(0x3f3f_3f3f_3f3f_3f3f);
    let upper = !w & (at_least_a ^ above_z) & HIGH;
    w | (upper >> 2)
}

/// Checks an ARM action asked about: `{Provider}/{type}/{operation}`,
/// printable, without spaces or wildcards.
pub fn check_action(action: &str) -> Result<(), String> {
    // One pass: printable ASCII, no wildcard, at least one '/'.
    let mut slash = false;
    let ok = action.len() <= 512
        && action.bytes().all(|b| {
            slash |= b == b'/';
            b.is_ascii_graphic() && b != b'*'
        })
        && slash;
    if ok {
        Ok(())
    } else {
        Err("an action is {Provider}/{type}/{operation}, e.g. Microsoft.Compute/virtualMachines/read".into())
    }
}

/// Hashes a name case-insensitively (ASCII), eight bytes at a time, the
/// same for every spelling of its letters.
pub fn hash_folded(build: &impl std::hash::BuildHasher, name: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = build.build_hasher();
    let bytes = name.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        h.write_u64(lower_word(u64::from_le_bytes(word)));
    }
    let rest = chunks.remainder();
    let mut word = [0u8; 8];
    if let Some(head) = word.get_mut(..rest.len()) {
        head.copy_from_slice(rest);
    }
    h.write_u64(lower_word(u64::from_le_bytes(word)));
    h.write_usize(bytes.len());
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(
            split_address("msmith@hotmail.com"),
            Ok(("msmith", "hotmail.com"))
        );
        assert!(split_address("msmith").is_err());
        assert!(split_address("@hotmail.com").is_err());
        assert!(split_address("a@b").is_err());
        assert!(split_address("a..b@c.com").is_err());
        assert!(split_address("a@-c.com").is_err());
        assert!(split_address("a@c.123").is_err());
        assert!(split_address("ä@c.com").is_err());
        assert_eq!(address("JohnDoe", "Contoso.COM"), "JohnDoe@Contoso.COM");
        assert_eq!(
            microsoft_account("Sam@Northwind.com"),
            "msa:Sam@Northwind.com"
        );
    }

    #[test]
    fn prefixes_and_initial_domains() {
        assert!(check_prefix("contoso").is_ok());
        assert!(check_prefix("").is_err());
        assert!(check_prefix("con-toso").is_err());
        assert!(check_prefix(&"a".repeat(28)).is_err());
        assert_eq!(initial_domain("Contoso"), "Contoso.onmicrosoft.com");
        assert_eq!(initial_prefix("contoso.ONMICROSOFT.com"), Some("contoso"));
        assert_eq!(initial_prefix("contoso.com"), None);
        assert_eq!(initial_prefix("é"), None);
    }

    #[test]
    fn default_directory_prefixes() {
        assert_eq!(
            default_directory_prefix("msmith@hotmail.com", 0),
            "msmithhotmail"
        );
        assert_eq!(
            default_directory_prefix("Jo.Ann@Outlook.co.uk", 0),
            "joannoutlook"
        );
        let long = default_directory_prefix(&format!("{}@example.com", "x".repeat(40)), 2);
        assert_eq!(long.len(), 25);
    }

    #[test]
    fn offers() {
        assert_eq!(
            canonical_offer("ms-azr-0044p").as_deref(),
            Ok("MS-AZR-0044P")
        );
        assert!(canonical_offer("MS-AZR-44P").is_err());
        assert!(is_enterprise_agreement("MS-AZR-0017P"));
        assert!(!is_enterprise_agreement("MS-AZR-0003P"));
    }

    #[test]
    fn folded_hashes_ignore_ascii_case_only() {
        let build = std::hash::RandomState::new();
        let h = |s: &str| hash_folded(&build, s);
        assert_eq!(
            h("Admin@Contoso.ONMICROSOFT.com"),
            h("admin@contoso.onmicrosoft.com")
        );
        assert_eq!(
            h("ABCDEFGHIJKLMNOPQRSTUVWXYZ@[`{"),
            h("abcdefghijklmnopqrstuvwxyz@[`{")
        );
        assert_ne!(h("a"), h("a\0"));
        assert_ne!(h("jo@outlook.com"), h("jo@outlook.co"));
        for b in 0u8..=255 {
            let word = u64::from(b) * 0x0101_0101_0101_0101;
            let expected = u64::from(b.to_ascii_lowercase()) * 0x0101_0101_0101_0101;
            assert_eq!(lower_word(word), expected, "byte {b}");
        }
    }

    #[test]
    fn resource_groups() {
        assert!(check_resource_group("rg-web_01(prod)").is_ok());
        assert!(check_resource_group("rg.").is_err());
        assert!(check_resource_group("rg web").is_err());
        assert!(check_resource_group("").is_err());
    }
}
